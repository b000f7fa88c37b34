package dev.lineage.openlineage.mapping;

/**
 * The event cannot be expressed in the graph (e.g. it was not validated first, or a dataset's
 * namespace and name are too long for a node id). Routed like a malformed event, with the reason.
 */
public final class UnmappableEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnmappableEventException(String message) {
    super(message);
  }

  public UnmappableEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
