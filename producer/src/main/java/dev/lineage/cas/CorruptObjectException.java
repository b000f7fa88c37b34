package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.io.IOException;

/** An object whose bytes no longer hash to its name: the store was altered or the disk failed. */
public final class CorruptObjectException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Digest expected;
  private final transient Digest actual;

  public CorruptObjectException(Digest expected, Digest actual, String where) {
    super(
        "corrupt object "
            + expected
            + (where == null ? "" : " (" + where + ")")
            + ": its content hashes to "
            + actual);
    this.expected = expected;
    this.actual = actual;
  }

  public Digest expected() {
    return expected;
  }

  public Digest actual() {
    return actual;
  }
}
