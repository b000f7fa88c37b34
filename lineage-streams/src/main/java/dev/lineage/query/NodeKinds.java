package dev.lineage.query;

/** The kind a node has by its id alone, for nodes never registered with a kind of their own. */
public final class NodeKinds {
  public static final String RUN = "RUN";
  public static final String SOURCE = "SOURCE";
  public static final String CODE = "CODE";
  public static final String CONTAINER_IMAGE = "CONTAINER_IMAGE";
  public static final String ARTIFACT = "ARTIFACT";

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
}
