package dev.lineage.obligations;

import dev.lineage.avro.RetrainingAction;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.id.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one trigger asks of whoever runs the model: retrain it without the records, or assess that
 * it may stay, by the deadline. Immutable; {@link #close} gives the closed obligation. Whether an
 * open obligation is overdue depends on the time it is judged at ({@link #status(Instant)}), so a
 * store keeps the obligation and every reader judges it against its own (injected) clock.
 *
 * @param requestId the deletion request or bug report
 * @param triggerId the trigger that opened it
 * @param modelId the affected model's node id; for {@link Action#INVALIDATE}, the prediction
 *     artifact's
 * @param action what the trigger (or, for a prediction, the impact report) asked for
 * @param deadline when it must be closed by; null for none
 * @param closing how it was closed; null while open
 */
public record Obligation(
    String requestId,
    String triggerId,
    String modelId,
    Action action,
    Instant deadline,
    Closing closing) {

  /** What the trigger asked for. */
  public enum Action {
    RETRAIN,
    ASSESS,
    /**
     * Invalidate a prediction artifact the impact report lists: closed by a signed {@code
     * PredictionInvalidated} from the key that registered it.
     */
    INVALIDATE
  }

  /**
   * How an obligation was closed.
   *
   * @param status {@link ObligationStatus#RETRAINED}, {@link ObligationStatus#ASSESSED} or {@link
   *     ObligationStatus#INVALIDATED}
   * @param envelopeDigest the digest of the completion's or assessment's envelope
   * @param closedAt when the broker appended it
   * @param newModelDigest the replacing model, for a retraining; null for an assessment
   */
  public record Closing(
      ObligationStatus status, Digest envelopeDigest, Instant closedAt, Digest newModelDigest) {
    public Closing {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(envelopeDigest, "envelopeDigest");
      Objects.requireNonNull(closedAt, "closedAt");
      if (status != ObligationStatus.RETRAINED
          && status != ObligationStatus.ASSESSED
          && status != ObligationStatus.INVALIDATED) {
        throw new IllegalArgumentException(
            "an obligation closes RETRAINED, ASSESSED or INVALIDATED, not " + status);
      }
      if ((status == ObligationStatus.RETRAINED) != (newModelDigest != null)) {
        throw new IllegalArgumentException(
            "a retraining names its new model; an assessment or invalidation none");
      }
    }

    public static Closing retrained(Digest envelope, Instant at, Digest newModel) {
      return new Closing(
          ObligationStatus.RETRAINED, envelope, at, Objects.requireNonNull(newModel));
    }

    public static Closing assessed(Digest envelope, Instant at) {
      return new Closing(ObligationStatus.ASSESSED, envelope, at, null);
    }

    public static Closing invalidated(Digest envelope, Instant at) {
      return new Closing(ObligationStatus.INVALIDATED, envelope, at, null);
    }
  }

  public Obligation {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(triggerId, "triggerId");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(action, "action");
  }

  /**
   * The open obligation of a trigger. An UNKNOWN action (a newer writer's) is treated as RETRAIN.
   */
  public static Obligation of(RetrainingTriggered trigger) {
    return new Obligation(
        trigger.getRequestId(),
        trigger.getTriggerId(),
        trigger.getModelId(),
        trigger.getAction() == RetrainingAction.ASSESS ? Action.ASSESS : Action.RETRAIN,
        trigger.getDeadline(),
        null);
  }

  public boolean isOpen() {
    return closing == null;
  }

  /** OPEN, or OVERDUE once {@code now} is past the deadline, or how it was closed. */
  public ObligationStatus status(Instant now) {
    if (closing != null) {
      return closing.status();
    }
    return deadline != null && now.isAfter(deadline)
        ? ObligationStatus.OVERDUE
        : ObligationStatus.OPEN;
  }

  /**
   * True when it was closed after its deadline (closed all the same: late is better than never).
   */
  public boolean closedLate() {
    return closing != null && deadline != null && closing.closedAt().isAfter(deadline);
  }

  public Optional<Instant> deadlineIfAny() {
    return Optional.ofNullable(deadline);
  }

  /**
   * This obligation closed by {@code how}.
   *
   * @throws IllegalStateException if it is closed already
   */
  public Obligation close(Closing how) {
    if (closing != null) {
      throw new IllegalStateException("obligation " + triggerId + " is closed already");
    }
    return new Obligation(requestId, triggerId, modelId, action, deadline, how);
  }
}
