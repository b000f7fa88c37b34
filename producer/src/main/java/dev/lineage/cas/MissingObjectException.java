package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.io.IOException;

/** An object the store does not hold. */
public final class MissingObjectException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Digest digest;

  public MissingObjectException(Digest digest, String context) {
    super("object " + digest + " is not in the store" + (context == null ? "" : " " + context));
    this.digest = digest;
  }

  public Digest digest() {
    return digest;
  }
}
