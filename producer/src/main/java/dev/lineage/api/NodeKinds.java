package dev.lineage.api;

import dev.lineage.avro.ArtifactKind;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kinds a node can have: an artifact's registered kind, {@code RUN}, or for a node never
 * registered the kind its id implies.
 */
public final class NodeKinds {
  public static final String RUN = "RUN";
  public static final String SOURCE = "SOURCE";
  public static final String CODE = "CODE";
  public static final String CONTAINER_IMAGE = "CONTAINER_IMAGE";
  public static final String ARTIFACT = "ARTIFACT";

  /**
   * Every kind a node can be listed with, sorted: each {@link ArtifactKind}, {@code RUN}, and
   * {@code ARTIFACT} (an artifact known only from an edge).
   */
  public static final Set<String> ALL = all();

  private NodeKinds() {}

  public static String fromId(String id) {
    if (id.startsWith("run:")) {
      return RUN;
    }
    if (id.startsWith("source:")) {
      return SOURCE;
    }
    if (id.startsWith("git:")) {
      return CODE;
    }
    if (id.startsWith("oci:")) {
      return CONTAINER_IMAGE;
    }
    return ARTIFACT;
  }

  /**
   * The kinds named in {@code values} (each a comma-separated list, any case, blanks ignored).
   *
   * @throws IllegalArgumentException naming the first unknown kind and the known ones: a typo must
   *     not read as "nothing of that kind downstream"
   */
  public static Set<String> parse(Collection<String> values) {
    Set<String> kinds = new LinkedHashSet<>();
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        String kind = part.trim().toUpperCase(Locale.ROOT);
        if (kind.isEmpty()) {
          continue;
        }
        if (!ALL.contains(kind)) {
          throw new IllegalArgumentException(
              "unknown kind '" + part.trim() + "'; kinds are " + String.join(", ", ALL));
        }
        kinds.add(kind);
      }
    }
    return kinds;
  }

  private static Set<String> all() {
    Set<String> all = new TreeSet<>();
    Arrays.stream(ArtifactKind.values()).map(Enum::name).forEach(all::add);
    all.add(RUN);
    all.add(ARTIFACT);
    return Collections.unmodifiableSet(all);
  }
}
