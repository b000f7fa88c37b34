package dev.lineage.schemas;

import dev.lineage.avro.Envelope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The contracts: every top-level schema (the envelope and each event), as this build generates it
 * and as every released version of it was published.
 *
 * <p>A released version is the resource {@code dev/lineage/schemas/released/<Name>/v<N>.avsc}, a
 * self-contained schema. Versions are numbered from 1 without gaps; data written with any of them
 * stays readable, which the build checks.
 */
public final class SchemaCatalog {
  /** Classpath folder of the released versions. */
  public static final String RELEASED_ROOT = "dev/lineage/schemas/released/";

  private SchemaCatalog() {}

  /** The current schemas of every contract: the envelope first, then the events. */
  public static List<Schema> current() {
    List<Schema> schemas = new ArrayList<>();
    schemas.add(Envelope.getClassSchema());
    for (EventType<?> type : EventType.all()) {
      schemas.add(type.schema());
    }
    return Collections.unmodifiableList(schemas);
  }

  /** The resource path of a released version, e.g. {@code .../ArtifactRegistered/v2.avsc}. */
  public static String releasedPath(String name, int version) {
    return RELEASED_ROOT + name + "/v" + version + ".avsc";
  }

  /**
   * The released versions of a contract, oldest first ({@code v1} at index 0).
   *
   * @param name the simple name of the contract's record, e.g. {@code ArtifactRegistered}
   */
  public static List<Schema> released(String name) {
    List<Schema> versions = new ArrayList<>();
    ClassLoader loader = SchemaCatalog.class.getClassLoader();
    for (int version = 1; ; version++) {
      String path = releasedPath(name, version);
      try (InputStream in = loader.getResourceAsStream(path)) {
        if (in == null) {
          return Collections.unmodifiableList(versions);
        }
        // one parser per file: each released version defines its own copies of the named types
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }
}
