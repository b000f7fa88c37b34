package dev.lineage.publish;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.KeyAlgorithm;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.RunCompleted;
import dev.lineage.id.InvalidIdException;
import dev.lineage.rules.EventRulebook;
import dev.lineage.rules.Strictness;
import dev.lineage.signing.Algorithm;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a signed event must satisfy before it is published: {@link EventRulebook} at {@link
 * Strictness#PUBLISH}, thrown as an exception whose message says what to change. Events stay on the
 * topics forever, so a malformed id would be signed history. The rules themselves, and which of
 * them readers apply too, are stated once, in {@link EventRulebook}.
 */
public final class EventRules {
  /** Longest attribute or environment key. */
  public static final int MAX_KEY_LENGTH = EventRulebook.MAX_KEY_LENGTH;

  /** Longest attribute or environment value. */
  public static final int MAX_VALUE_LENGTH = EventRulebook.MAX_VALUE_LENGTH;

  private EventRules() {}

  /**
   * Checks any event by the rules of its type; events without rules of their own pass (their schema
   * still applies when they are encoded).
   *
   * @throws InvalidIdException if an id, name, digest or key id is malformed
   * @throws IllegalArgumentException if another field breaks a rule
   */
  public static void checkAny(SpecificRecordBase event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks an artifact registration.
   *
   * @throws InvalidIdException if an id, name or version is malformed or an image is not pinned
   * @throws IllegalArgumentException if another field is out of range
   */
  public static void check(ArtifactRegistered event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks a completed run.
   *
   * @throws InvalidIdException if an id, digest, process name or version is malformed
   * @throws IllegalArgumentException if inputs or outputs are empty or the times are reversed
   */
  public static void check(RunCompleted event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks a key grant: the key id is the id of the PEM key, the algorithm is the key's, the roles
   * are known, and the validity window is not empty.
   *
   * @throws InvalidIdException if the key id is malformed or not the PEM key's
   * @throws IllegalArgumentException if the key, algorithm, roles or window is wrong
   */
  public static void check(KeyGranted event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks a key revocation.
   *
   * @throws InvalidIdException if the key id is malformed
   * @throws IllegalArgumentException if the reason is too long or holds control characters
   */
  public static void check(KeyRevoked event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks a deletion request.
   *
   * @throws InvalidIdException if the request id, subject or digest is malformed
   * @throws IllegalArgumentException if the count, location or reason is wrong
   */
  public static void check(DeletionRequested event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks a bug report.
   *
   * @throws InvalidIdException if the report id, process name or a version is malformed
   * @throws IllegalArgumentException if the versions or the window are reversed, or the description
   *     is too long
   */
  public static void check(BugReported event) {
    EventRulebook.requireValid(event);
  }

  /**
   * Checks an equivalence attestation.
   *
   * @throws InvalidIdException if a run id or digest is malformed, or both runs are the same
   * @throws IllegalArgumentException if a figure is out of range or the verdict does not follow
   */
  public static void check(EquivalenceAttested event) {
    EventRulebook.requireValid(event);
  }

  /** The event's schema enum for a signing algorithm. */
  public static KeyAlgorithm keyAlgorithm(Algorithm algorithm) {
    return EventRulebook.keyAlgorithm(algorithm);
  }
}
