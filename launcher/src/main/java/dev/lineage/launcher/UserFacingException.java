package dev.lineage.launcher;

/**
 * A failure whose message is written for the person at the terminal: it says what and what to do.
 */
final class UserFacingException extends Exception {
  UserFacingException(String message) {
    super(message);
  }

  UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
