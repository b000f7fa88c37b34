package dev.lineage.cli;

import dev.lineage.cas.ContentStore;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --cas DIR}; without it the environment's LINEAGE_CAS, then {@code ~/.lineage/cas}. */
public final class CasOption {
  public static final String ENV = "LINEAGE_CAS";

  @Option(
      names = "--cas",
      paramLabel = "DIR",
      description = "Content-addressed store directory (default: $LINEAGE_CAS or ~/.lineage/cas).")
  Path cas;

  ContentStore store() {
    return new ContentStore(resolved());
  }

  /** The directory: {@code --cas}, else the environment's, else the default. */
  Path resolved() {
    return resolve(cas, System.getenv());
  }

  static Path resolve(Path option, Map<String, String> env) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return ContentStore.defaultRoot();
  }
}
