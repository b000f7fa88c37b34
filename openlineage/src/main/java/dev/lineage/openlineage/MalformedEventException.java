package dev.lineage.openlineage;

/** The bytes are not an OpenLineage event at all: not JSON, not an object, or ambiguous JSON. */
public final class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
