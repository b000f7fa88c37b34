package dev.lineage.compare;

/**
 * A score file cannot be compared: malformed, empty, or not about the same examples as the other
 * file. The message names the file and, where there is one, the line.
 */
public final class ScoreFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScoreFileException(String message) {
    super(message);
  }
}
