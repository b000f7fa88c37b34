package dev.lineage.rules;

import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.schemas.Reason;
import java.util.Objects;

/**
 * One rule an event breaks.
 *
 * @param code the rejection reason a reader records ({@link Reason#INVALID_ID}, {@link
 *     Reason#MUTABLE_REFERENCE} or {@link Reason#MALFORMED})
 * @param field the field, as the schema names it ({@code processName}, {@code inputs[0]}, ...)
 * @param detail safe to log and to keep on {@code lineage.rejected}: names the field, never quotes
 *     the value (a malformed value may hold anything)
 * @param message for the person who publishes: says what to change, may quote the value
 */
public record Violation(Reason code, String field, String detail, String message) {
  public Violation {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The exception a publisher throws: {@link MutableReferenceException} or {@link
   * InvalidIdException} for an id, {@link IllegalArgumentException} for anything else.
   */
  public IllegalArgumentException exception() {
    return switch (code) {
      case MUTABLE_REFERENCE -> new MutableReferenceException(message);
      case INVALID_ID, INVALID_DIGEST -> new InvalidIdException(message);
      default -> new IllegalArgumentException(message);
    };
  }
}
