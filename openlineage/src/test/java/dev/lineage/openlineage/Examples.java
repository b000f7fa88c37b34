package dev.lineage.openlineage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The example events copied from the OpenLineage repository, and small builders for tests. */
public final class Examples {
  public static final List<String> FILES =
      List.of(
          "example_full_event.json",
          "serde_example_dataset_event.json",
          "serde_example_job_event.json",
          "serde_example_run_event.json");

  private Examples() {}

  public static byte[] bytes(String file) {
    String name = "openlineage/examples/" + file;
    try (InputStream in = Examples.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  public static RawEvent event(String json) {
    return RawEvent.of(json.getBytes(StandardCharsets.UTF_8));
  }
}
