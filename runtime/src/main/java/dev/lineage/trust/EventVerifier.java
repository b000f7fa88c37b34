package dev.lineage.trust;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.id.NodeId;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Checks one record value of an event topic: it decodes, its payload type is one the topic holds, a
 * key holding an accepted role when the broker appended the record signed it, its signed time lies
 * within the clock skew of that append time, and every id in it is a valid node id or digest (no
 * {@code name:} reference: an event states facts about nodes, never about whatever a name points to
 * today). The signature is checked before the ids, so an unsigned or altered record is reported as
 * such whatever it holds.
 */
public final class EventVerifier {
  /** Process names and versions end up in store keys: no separator, no control character. */
  static final int MAX_PROCESS_TEXT = 200;

  private final Keyring keyring;
  private final ClockSkew skew;

  public EventVerifier(Keyring keyring, ClockSkew skew) {
    this.keyring = keyring;
    this.skew = skew;
  }

  /** A record of a graph topic: one event type, signed by a {@code PRODUCER} key. */
  public Verdict verify(EventType<?> expected, byte[] recordValue, long appendedAt) {
    return verify(List.of(expected), Set.of(Role.PRODUCER), recordValue, appendedAt);
  }

  /**
   * A record of a topic that holds any of {@code accepted} event types, appended by the broker at
   * {@code appendedAt} (the record timestamp of a {@code LogAppendTime} topic), signed by a key
   * holding one of {@code roles} then. Every event has a {@code signedAt} field: it must lie within
   * the skew of {@code appendedAt}, and never decides anything else.
   */
  public Verdict verify(
      Collection<EventType<?>> accepted, Set<Role> roles, byte[] recordValue, long appendedAt) {
    if (accepted.isEmpty() || roles.isEmpty()) {
      throw new IllegalArgumentException("name at least one event type and one role");
    }
    if (recordValue == null) {
      return Verdict.rejected(null, Reason.MALFORMED, "the record has no value");
    }
    String digest = AvroEnvelopes.digest(recordValue).toString();
    Envelope envelope;
    SpecificRecordBase event;
    try {
      envelope = EnvelopeCodec.standard().decode(recordValue);
      EventType<?> type =
          accepted.stream()
              .filter(t -> t.payloadType().equals(envelope.getPayloadType()))
              .findFirst()
              .orElse(null);
      if (type == null) {
        return Verdict.rejected(
            digest,
            Reason.TYPE_MISMATCH,
            "this topic holds "
                + accepted.stream().map(EventType::name).sorted().toList()
                + " events");
      }
      event = type.decode(envelope);
    } catch (DecodingException e) {
      return Verdict.rejected(digest, e.reason(), e.getMessage());
    }
    long signedAt = signedAt(event).toEpochMilli();
    Decision decision = null;
    for (Role role : roles.stream().sorted().toList()) {
      decision = keyring.authorize(envelope, role, appendedAt);
      if (decision instanceof Decision.Accepted) {
        break;
      }
    }
    if (decision instanceof Decision.Rejected r) {
      return Verdict.rejected(digest, r.reason(), r.detail());
    }
    Optional<Decision.Rejected> skewed = skew.check(signedAt, appendedAt);
    if (skewed.isPresent()) {
      return Verdict.rejected(digest, skewed.get().reason(), skewed.get().detail());
    }
    try {
      validate(event);
    } catch (MutableReferenceException e) {
      return Verdict.rejected(digest, Reason.MUTABLE_REFERENCE, e.getMessage());
    } catch (InvalidIdException e) {
      return Verdict.rejected(digest, Reason.INVALID_ID, e.getMessage());
    }
    return Verdict.accepted(event, ((Decision.Accepted) decision).keyId(), digest, appendedAt);
  }

  private static Instant signedAt(SpecificRecordBase event) {
    if (event.getSchema().getField("signedAt") == null
        || !(event.get("signedAt") instanceof Instant at)) {
      throw new IllegalArgumentException(
          event.getSchema().getName() + " has no signedAt: not a signed lineage event");
    }
    return at;
  }

  private static void validate(SpecificRecordBase event) {
    if (event instanceof ArtifactRegistered a) {
      NodeId id = nodeId("nodeId", a.getNodeId());
      if (id.isReference() || id.kind() == NodeId.Kind.RUN) {
        throw new InvalidIdException(
            "nodeId of an artifact must be an artifact id, not " + id.kind().prefix() + "...");
      }
      try {
        // the name and version must be usable in a name: reference
        NodeId.name(a.getName(), a.getVersion());
      } catch (InvalidIdException e) {
        throw new InvalidIdException("name or version is not usable in a name: reference");
      }
    } else if (event instanceof RunCompleted r) {
      NodeId run = nodeId("runId", r.getRunId());
      if (run.kind() != NodeId.Kind.RUN) {
        throw new InvalidIdException("runId must be run:<id>");
      }
      int i = 0;
      for (String input : r.getInputs()) {
        artifactOfRun("inputs[" + i++ + "]", input);
      }
      i = 0;
      for (String output : r.getOutputs()) {
        artifactOfRun("outputs[" + i++ + "]", output);
      }
      processText("processName", r.getProcessName());
      processText("processVersion", r.getProcessVersion());
      digest("configDigest", r.getConfigDigest());
      digest("manifestDigest", r.getManifestDigest());
      if (r.getEndedAt().toEpochMilli() < 0) {
        throw new InvalidIdException("endedAt is before 1970");
      }
    } else if (event instanceof DeploymentApproved d) {
      requiredDigest("modelDigest", d.getModelDigest());
      requiredDigest("manifestDigest", d.getManifestDigest());
    } else if (event instanceof EquivalenceAttested e) {
      String baseline = runOf("baselineRunId", e.getBaselineRunId());
      String candidate = runOf("candidateRunId", e.getCandidateRunId());
      if (baseline.equals(candidate)) {
        throw new InvalidIdException("baselineRunId and candidateRunId are the same run");
      }
      requiredDigest("baselineOutputsDigest", e.getBaselineOutputsDigest());
      requiredDigest("candidateOutputsDigest", e.getCandidateOutputsDigest());
    }
  }

  private static String runOf(String field, String text) {
    NodeId run = nodeId(field, text);
    if (run.kind() != NodeId.Kind.RUN) {
      throw new InvalidIdException(field + " must be run:<id>");
    }
    return run.toString();
  }

  private static void requiredDigest(String field, String text) {
    if (text == null) {
      throw new InvalidIdException(field + " is required");
    }
    digest(field, text);
  }

  /**
   * Parses an id, with a message naming the field but not quoting the value: the detail goes on a
   * topic kept 30 days, and a malformed id may hold anything.
   */
  private static NodeId nodeId(String field, String text) {
    try {
      return NodeId.parse(text);
    } catch (MutableReferenceException e) {
      throw new MutableReferenceException(
          field + " names an image by tag; use oci:<repository>@sha256:<digest>");
    } catch (InvalidIdException e) {
      throw new InvalidIdException(field + " is not a valid node id");
    }
  }

  private static void digest(String field, String text) {
    if (text != null && !Digest.isValid(text)) {
      throw new InvalidIdException(field + " is not sha256:<64 lowercase hex>");
    }
  }

  private static void artifactOfRun(String field, String text) {
    NodeId id = nodeId(field, text);
    if (id.isReference()) {
      throw new InvalidIdException(field + ": name: references are not allowed in events");
    }
    if (id.kind() == NodeId.Kind.RUN) {
      throw new InvalidIdException(field + " is a run; the graph is artifacts -> run -> artifacts");
    }
  }

  private static void processText(String field, String value) {
    if (value.isEmpty() || value.length() > MAX_PROCESS_TEXT) {
      throw new InvalidIdException(field + " is empty or longer than " + MAX_PROCESS_TEXT);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidIdException(field + " holds a control character");
      }
    }
  }
}
