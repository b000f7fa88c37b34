package dev.lineage.id;

/**
 * A container image named by a tag (or by nothing at all) instead of a digest. A tag is mutable: it
 * can point to a different image tomorrow, so a run that names it cannot be reproduced or audited.
 */
public final class MutableReferenceException extends InvalidIdException {
  private static final long serialVersionUID = 1L;

  public MutableReferenceException(String message) {
    super(message);
  }
}
