package dev.lineage.id;

/** A string that is not a valid digest, node id or image reference; the message says why. */
public class InvalidIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidIdException(String message) {
    super(message);
  }
}
