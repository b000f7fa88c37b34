package dev.lineage.obligations;

import java.util.Objects;

/** The outcome of checking a completion or an assessment against its obligation. */
public sealed interface CheckResult {
  /** It closes the obligation. */
  record Accepted() implements CheckResult {}

  /**
   * It closes nothing.
   *
   * @param reason one of {@link ObligationReasons}
   * @param detail for people: what was expected and found (ids and digests, never personal data)
   */
  record Rejected(String reason, String detail) implements CheckResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  static CheckResult accepted() {
    return new Accepted();
  }

  static CheckResult rejected(String reason, String detail) {
    return new Rejected(reason, detail);
  }

  default boolean isAccepted() {
    return this instanceof Accepted;
  }
}
