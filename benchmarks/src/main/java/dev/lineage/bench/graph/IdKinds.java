package dev.lineage.bench.graph;

/**
 * The kind a node has by its id alone, for edge lists that carry no node table. Mirrors how the
 * Lineage server names the kind of a node it has never seen registered.
 */
public final class IdKinds {
  public static final String RUN = "RUN";
  public static final String SOURCE = "SOURCE";
  public static final String CODE = "CODE";
  public static final String CONTAINER_IMAGE = "CONTAINER_IMAGE";
  public static final String ARTIFACT = "ARTIFACT";

  private IdKinds() {}

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
}
