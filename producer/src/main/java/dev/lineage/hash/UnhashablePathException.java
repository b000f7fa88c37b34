package dev.lineage.hash;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A path that the digest rules refuse: a symbolic link (unless links are followed), a special file,
 * or a file name that {@code sha256sum} would escape, so that the digest could not be checked with
 * coreutils.
 */
public final class UnhashablePathException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  public UnhashablePathException(Path path, String message) {
    super(message);
    this.path = path;
  }

  public Path path() {
    return path;
  }
}
