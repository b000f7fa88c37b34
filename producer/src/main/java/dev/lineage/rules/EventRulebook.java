package dev.lineage.rules;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.KeyAlgorithm;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.PrivacyGuarantee;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.compare.Tolerances;
import dev.lineage.id.Digest;
import dev.lineage.id.ImageReference;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.id.NodeId;
import dev.lineage.id.VersionOrder;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyFormatException;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The one statement of what a signed event must satisfy beyond its Avro schema, for publishers and
 * readers alike. {@link #check} returns the violations; a publisher throws the first one's message
 * ({@link Violation#exception()}), a reader refuses the record with its reason and safe detail. The
 * only intended difference between the two is the {@link Strictness}: readers apply the rules whose
 * breach breaks something later, publishers those and the hygiene rules on top.
 *
 * <p>The rules, by field (P: publishers only, the rest: both):
 *
 * <ul>
 *   <li>Node ids are valid {@link NodeId}s (each accepted in one spelling only), never {@code
 *       name:} references (an event states what it used; resolving a name is a reader's business,
 *       and the answer changes over time), and container images are pinned by digest. An artifact's
 *       id and a run's inputs and outputs are not runs (the graph is bipartite).
 *   <li>Artifact names and versions follow the {@code name:<name>@<version>} rule ({@link
 *       NodeId#checkName}, {@link NodeId#checkVersion}): they are looked up by reference.
 *   <li>Process names and versions, request ids and report ids are text: 1 to {@value #MAX_ID_TEXT}
 *       characters, no control character (they end up in store keys, URLs and logs, but nobody
 *       references them as {@code name:}). A bug report's versions follow the same rule (P), so a
 *       report can name any version a run was published with.
 *   <li>A run ends at or after 1970 (the process index sorts runs by end time as unsigned digits).
 *   <li>Digests are {@code sha256:<64 lowercase hex>}; key ids 64 lowercase hex, the id of the
 *       granted key.
 *   <li>P: a run has inputs and outputs, none twice, and ends after it starts; labels are short and
 *       printable; a grant names roles once each and a window that is not empty; a deletion request
 *       lists at least one record (readers: not a negative count) at a URI, about a node that is
 *       not a run, and (readers too) names its record set by a digest ({@code invalid-digest}); an
 *       attestation's figures are in range and its verdict follows from them.
 *   <li>The obligation loop (issue 14): a completion or assessment names its trigger ({@code
 *       sha256:}), request and model (a node, not a run); a completion names the new model's digest
 *       and its training run, and (P) the new model is not the affected one; an assessment (P)
 *       decides KEEP, justifies it in text and states a DP guarantee whose epsilon and delta are
 *       non-negative decimals. An erasure fact names its request, and the record set or (P) at
 *       least one snapshot, each by digest, none twice (P), sizes not negative.
 * </ul>
 *
 * A {@code null} time that the publisher fills in at signing time ({@code signedAt}, a grant's
 * {@code validFrom}, a revocation's {@code revokedFrom}) is accepted. Events of other types have no
 * rules here (their schema still applies).
 */
public final class EventRulebook {
  /** Longest attribute or environment key. */
  public static final int MAX_KEY_LENGTH = 128;

  /** Longest attribute or environment value, reason or description. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** Longest process name or version, request id or report id. */
  public static final int MAX_ID_TEXT = 200;

  /** A key id: lowercase hex SHA-256 of a DER SubjectPublicKeyInfo. */
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

  /** RFC 6838 type/subtype, without parameters. */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private EventRulebook() {}

  /** Whether {@code keyId} is a key id: 64 lowercase hex characters. */
  public static boolean isKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  /** Every rule {@code event} breaks at {@code strictness}, in field order; empty when valid. */
  public static List<Violation> check(SpecificRecordBase event, Strictness strictness) {
    Book b = new Book(strictness);
    if (event == null) {
      b.fail(Reason.MALFORMED, "event", "the event is missing", "the event is required");
    } else if (event instanceof ArtifactRegistered artifact) {
      b.artifact(artifact);
    } else if (event instanceof RunCompleted run) {
      b.run(run);
    } else if (event instanceof KeyGranted grant) {
      b.grant(grant);
    } else if (event instanceof KeyRevoked revocation) {
      b.revocation(revocation);
    } else if (event instanceof DeletionRequested request) {
      b.deletion(request);
    } else if (event instanceof BugReported report) {
      b.bugReport(report);
    } else if (event instanceof EquivalenceAttested attestation) {
      b.equivalence(attestation);
    } else if (event instanceof DeploymentApproved approval) {
      b.approval(approval);
    } else if (event instanceof RetrainingCompleted completion) {
      b.completion(completion);
    } else if (event instanceof ImpactAssessed assessment) {
      b.assessment(assessment);
    } else if (event instanceof RecordListErased erased) {
      b.listErased(erased);
    } else if (event instanceof SnapshotErased erased) {
      b.snapshotsErased(erased);
    } else if (event instanceof PredictionInvalidated invalidation) {
      b.invalidation(invalidation);
    }
    return List.copyOf(b.violations);
  }

  /** The first rule {@code event} breaks at {@code strictness}, if any. */
  public static Optional<Violation> firstViolation(
      SpecificRecordBase event, Strictness strictness) {
    return check(event, strictness).stream().findFirst();
  }

  /**
   * Throws the first violation at {@link Strictness#PUBLISH}: what a publisher calls.
   *
   * @throws InvalidIdException if an id, name or digest is malformed ({@link
   *     MutableReferenceException} for an image named by tag)
   * @throws IllegalArgumentException if another field breaks a rule
   */
  public static void requireValid(SpecificRecordBase event) {
    Optional<Violation> first = firstViolation(event, Strictness.PUBLISH);
    if (first.isPresent()) {
      throw first.get().exception();
    }
  }

  /** The event's schema enum for a signing algorithm. */
  public static KeyAlgorithm keyAlgorithm(Algorithm algorithm) {
    return switch (algorithm) {
      case ECDSA_P256_SHA256 -> KeyAlgorithm.ECDSA_P256_SHA256;
      case ED25519 -> KeyAlgorithm.ED25519;
    };
  }

  /** The violations of one event; each rule method returns whether its field passed. */
  private static final class Book {
    private final boolean publish;
    private final List<Violation> violations = new ArrayList<>();

    Book(Strictness strictness) {
      this.publish = strictness == Strictness.PUBLISH;
    }

    void artifact(ArtifactRegistered e) {
      NodeId id = artifactNode("nodeId", e.getNodeId());
      present(e.getKind(), "kind");
      name("name", "artifact name", e.getName());
      if (e.getVersion() != null) {
        version("version", "artifact version", e.getVersion());
      }
      if (!publish) {
        return;
      }
      if (e.getMediaType() != null && !MEDIA_TYPE.matcher(e.getMediaType()).matches()) {
        fail(
            Reason.MALFORMED,
            "mediaType",
            "mediaType is not type/subtype",
            "media type '" + e.getMediaType() + "' is not type/subtype (e.g. application/json)");
      }
      notNegative("sizeBytes", e.getSizeBytes());
      notNegative("recordCount", e.getRecordCount());
      labels("attributes", e.getAttributes());
      if (id != null
          && id.kind() == NodeId.Kind.OCI
          && e.getKind() != null
          && e.getKind() != ArtifactKind.CONTAINER_IMAGE) {
        fail(
            Reason.MALFORMED,
            "kind",
            "kind of a container image is not CONTAINER_IMAGE",
            "node " + id + " is a container image: register it with kind CONTAINER_IMAGE");
      }
    }

    void run(RunCompleted e) {
      runId("runId", e.getRunId());
      idText("processName", "process name", e.getProcessName());
      idText("processVersion", "process version", e.getProcessVersion());
      optionalDigest("configDigest", e.getConfigDigest());
      optionalDigest("manifestDigest", e.getManifestDigest());
      nodes("inputs", e.getInputs());
      nodes("outputs", e.getOutputs());
      boolean started = present(e.getStartedAt(), "startedAt");
      boolean ended = present(e.getEndedAt(), "endedAt");
      if (ended && e.getEndedAt().toEpochMilli() < 0) {
        fail(
            Reason.INVALID_ID,
            "endedAt",
            "endedAt is before 1970",
            "run ended (" + e.getEndedAt() + ") before 1970: give the time it really ended");
      }
      if (!publish) {
        return;
      }
      if (started && ended && e.getEndedAt().isBefore(e.getStartedAt())) {
        fail(
            Reason.MALFORMED,
            "endedAt",
            "endedAt is before startedAt",
            "run ended (" + e.getEndedAt() + ") before it started (" + e.getStartedAt() + ")");
      }
      labels("environment", e.getEnvironment());
      labels("attributes", e.getAttributes());
    }

    void grant(KeyGranted e) {
      boolean idOk = keyId("keyId", e.getKeyId());
      if (!present(e.getPublicKeyPem(), "publicKeyPem")) {
        return;
      }
      PublicKey key;
      try {
        key = KeyPairs.parsePublicKey(e.getPublicKeyPem(), "publicKeyPem");
      } catch (IOException | KeyFormatException x) {
        fail(
            Reason.MALFORMED,
            "publicKeyPem",
            "the granted public key is unusable",
            "publicKeyPem is not a PEM public key");
        return;
      }
      String actual = KeyPairs.keyId(key);
      if (idOk && !actual.equals(e.getKeyId())) {
        fail(
            Reason.INVALID_ID,
            "keyId",
            "keyId is not the SHA-256 of the granted public key",
            "keyId " + e.getKeyId() + " is not the id of publicKeyPem, which is " + actual);
      }
      if (!publish) {
        return;
      }
      KeyAlgorithm expected = keyAlgorithm(KeyPairs.algorithmOf(key));
      if (e.getAlgorithm() != expected) {
        fail(
            Reason.MALFORMED,
            "algorithm",
            "algorithm does not match the key",
            "algorithm " + e.getAlgorithm() + " does not match the key, which is " + expected);
      }
      List<Role> roles = e.getRoles();
      if (roles == null || roles.isEmpty()) {
        fail(Reason.MALFORMED, "roles", "roles is empty", "a grant needs at least one role");
      } else if (roles.stream().anyMatch(r -> r == null || r == Role.UNKNOWN)) {
        fail(
            Reason.MALFORMED,
            "roles",
            "roles holds UNKNOWN",
            "role UNKNOWN grants nothing: name the roles to grant");
      } else if (new HashSet<>(roles).size() != roles.size()) {
        fail(
            Reason.MALFORMED,
            "roles",
            "roles names a role twice",
            "roles " + roles + " name a role twice");
      } else if (roles.contains(Role.GATEWAY)
          && (roles.contains(Role.PRODUCER) || roles.contains(Role.APPROVER))) {
        // a gateway attests what others said; one key that may also speak for itself could pass
        // its own attestations off as a producer's word, or approve what it attested
        fail(
            Reason.MALFORMED,
            "roles",
            "roles give GATEWAY with PRODUCER or APPROVER",
            "a GATEWAY key must not also hold PRODUCER or APPROVER, got " + roles);
      }
      Instant from = e.getValidFrom();
      Instant until = e.getValidUntil();
      if (from != null && until != null && !until.isAfter(from)) {
        fail(
            Reason.MALFORMED,
            "validUntil",
            "validUntil is not after validFrom",
            "validUntil (" + until + ") must be after validFrom (" + from + ")");
      }
    }

    void revocation(KeyRevoked e) {
      keyId("keyId", e.getKeyId());
      if (publish && e.getReason() != null) {
        label("reason", e.getReason(), MAX_VALUE_LENGTH);
      }
    }

    void deletion(DeletionRequested e) {
      idText("requestId", "request id", e.getRequestId());
      NodeId subject = node("subject", e.getSubject());
      if (publish && subject != null && subject.kind() == NodeId.Kind.RUN) {
        fail(
            Reason.INVALID_ID,
            "subject",
            "subject is a run",
            "subject '"
                + e.getSubject()
                + "' is a run: a deletion request names the data the records were erased from"
                + " (sha256:, source:, ...)");
      }
      RecordSet records = e.getRecordSet();
      if (!present(records, "recordSet")) {
        return;
      }
      // readers too: a request whose record set names no digest could never be checked for its
      // exclusion, so its obligations would close without one (invalid-digest)
      if (present(records.getDigest(), "recordSet.digest")) {
        try {
          Digest.parse(records.getDigest());
        } catch (InvalidIdException x) {
          fail(
              Reason.INVALID_DIGEST,
              "recordSet.digest",
              "recordSet.digest is not sha256:<64 lowercase hex>",
              "recordSet.digest: " + x.getMessage());
        }
      }
      if (records.getCount() < 0) {
        fail(
            Reason.MALFORMED,
            "recordSet.count",
            "recordSet.count is negative",
            "recordSet.count must be at least 1, got " + records.getCount());
      } else if (publish && records.getCount() < 1) {
        fail(
            Reason.MALFORMED,
            "recordSet.count",
            "recordSet.count is zero",
            "recordSet.count must be at least 1, got " + records.getCount());
      }
      if (!publish) {
        return;
      }
      if (label("recordSet.location", records.getLocation(), MAX_VALUE_LENGTH)) {
        URI location;
        try {
          location = new URI(records.getLocation());
        } catch (URISyntaxException x) {
          location = null;
        }
        if (location == null || location.getScheme() == null) {
          fail(
              Reason.MALFORMED,
              "recordSet.location",
              "recordSet.location is not a URI with a scheme",
              "recordSet.location '"
                  + records.getLocation()
                  + "' is not a URI with a scheme, e.g. cas:sha256:<hex> or s3://bucket/key");
        }
      }
      if (e.getReason() != null) {
        label("reason", e.getReason(), MAX_VALUE_LENGTH);
      }
    }

    void bugReport(BugReported e) {
      idText("reportId", "report id", e.getReportId());
      idText("processName", "process name", e.getProcessName());
      boolean starts = present(e.getWindowStart(), "windowStart");
      boolean ends = present(e.getWindowEnd(), "windowEnd");
      if (starts && ends && !e.getWindowEnd().isAfter(e.getWindowStart())) {
        fail(
            Reason.MALFORMED,
            "windowEnd",
            "windowEnd is not after windowStart",
            "the window must end after it starts: from "
                + e.getWindowStart()
                + " to "
                + e.getWindowEnd());
      }
      if (!publish) {
        return;
      }
      String min = e.getMinVersion();
      String max = e.getMaxVersion();
      boolean minOk = min == null || idText("minVersion", "min version", min);
      boolean maxOk = max == null || idText("maxVersion", "max version", max);
      if (min != null
          && max != null
          && minOk
          && maxOk
          && VersionOrder.compareVersions(min, max) > 0) {
        fail(
            Reason.MALFORMED,
            "minVersion",
            "minVersion is after maxVersion",
            "min version " + min + " is after max version " + max);
      }
      if (e.getDescription() != null) {
        text("description", e.getDescription(), MAX_VALUE_LENGTH);
      }
    }

    void equivalence(EquivalenceAttested e) {
      boolean baseline = runId("baselineRunId", e.getBaselineRunId());
      boolean candidate = runId("candidateRunId", e.getCandidateRunId());
      if (baseline
          && candidate
          && NodeId.parse(e.getBaselineRunId())
              .toString()
              .equals(NodeId.parse(e.getCandidateRunId()).toString())) {
        fail(
            Reason.INVALID_ID,
            "candidateRunId",
            "baselineRunId and candidateRunId are the same run",
            "the baseline and the candidate are the same run " + e.getBaselineRunId());
      }
      requiredDigest("baselineOutputsDigest", e.getBaselineOutputsDigest());
      requiredDigest("candidateOutputsDigest", e.getCandidateOutputsDigest());
      if (publish) {
        figures(e);
        labels("baselineHardware", e.getBaselineHardware());
        labels("candidateHardware", e.getCandidateHardware());
      }
    }

    void approval(DeploymentApproved e) {
      requiredDigest("modelDigest", e.getModelDigest());
      requiredDigest("manifestDigest", e.getManifestDigest());
    }

    void completion(RetrainingCompleted e) {
      requiredDigest("triggerId", e.getTriggerId());
      idText("requestId", "request id", e.getRequestId());
      NodeId model = artifactNode("modelId", e.getModelId());
      requiredDigest("newModelDigest", e.getNewModelDigest());
      runId("trainingRunId", e.getTrainingRunId());
      if (publish
          && model != null
          && e.getNewModelDigest() != null
          && model.toString().equals(e.getNewModelDigest())) {
        fail(
            Reason.MALFORMED,
            "newModelDigest",
            "newModelDigest is the affected model",
            "newModelDigest is the affected model "
                + e.getModelId()
                + ": a retraining names the model it trained without the records");
      }
    }

    void assessment(ImpactAssessed e) {
      requiredDigest("triggerId", e.getTriggerId());
      idText("requestId", "request id", e.getRequestId());
      artifactNode("modelId", e.getModelId());
      present(e.getDecision(), "decision");
      if (!publish) {
        return;
      }
      if (e.getDecision() == AssessmentDecision.UNKNOWN) {
        fail(
            Reason.MALFORMED,
            "decision",
            "decision is UNKNOWN",
            "decision UNKNOWN closes nothing: an assessment that keeps the model decides KEEP");
      }
      if (present(e.getJustification(), "justification")) {
        if (e.getJustification().isBlank()) {
          fail(
              Reason.MALFORMED,
              "justification",
              "justification is blank",
              "justification is blank: say why the model may stay");
        } else {
          text("justification", e.getJustification(), MAX_VALUE_LENGTH);
        }
      }
      PrivacyGuarantee g = e.getGuarantee();
      if (present(g, "guarantee")) {
        if (g.getMechanism() != null) {
          label("guarantee.mechanism", g.getMechanism(), MAX_KEY_LENGTH);
        }
        decimal("guarantee.epsilon", g.getEpsilon());
        decimal("guarantee.delta", g.getDelta());
      }
    }

    void invalidation(PredictionInvalidated e) {
      idText("requestId", "request id", e.getRequestId());
      requiredDigest("predictionId", e.getPredictionId());
      if (present(e.getReason(), "reason")) {
        if (e.getReason().isBlank()) {
          if (publish) {
            fail(
                Reason.MALFORMED,
                "reason",
                "reason is blank",
                "reason is blank: say why the predictions are withdrawn");
          }
        } else {
          text("reason", e.getReason(), MAX_VALUE_LENGTH);
        }
      }
    }

    void listErased(RecordListErased e) {
      idText("requestId", "request id", e.getRequestId());
      requiredDigest("recordSetDigest", e.getRecordSetDigest());
      present(e.getErasedAt(), "erasedAt");
    }

    void snapshotsErased(SnapshotErased e) {
      idText("requestId", "request id", e.getRequestId());
      present(e.getErasedAt(), "erasedAt");
      List<ErasedSnapshot> snapshots = e.getSnapshots();
      if (snapshots == null || snapshots.isEmpty()) {
        if (publish) {
          fail(
              Reason.MALFORMED,
              "snapshots",
              "snapshots is empty",
              "an erasure fact names at least one snapshot");
        }
        return;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < snapshots.size(); i++) {
        ErasedSnapshot s = snapshots.get(i);
        String field = "snapshots[" + i + "]";
        if (!present(s, field)) {
          continue;
        }
        requiredDigest(field + ".digest", s.getDigest());
        if (s.getDigest() != null && !seen.add(s.getDigest()) && publish) {
          fail(
              Reason.MALFORMED,
              field + ".digest",
              field + " repeats an earlier one",
              "snapshots names " + s.getDigest() + " twice");
        }
        if (publish) {
          notNegative(field + ".sizeBytes", s.getSizeBytes());
        }
      }
    }

    /** A non-negative decimal as text, so no value is rounded on the way. */
    private void decimal(String field, String value) {
      if (!present(value, field)) {
        return;
      }
      BigDecimal number;
      try {
        number = new BigDecimal(value);
      } catch (NumberFormatException x) {
        fail(
            Reason.MALFORMED,
            field,
            field + " is not a decimal number",
            field + " '" + value + "' is not a decimal number, e.g. 1.5 or 0.00001");
        return;
      }
      if (number.signum() < 0) {
        fail(
            Reason.MALFORMED,
            field,
            field + " is negative",
            field + " must not be negative, got " + value);
      }
    }

    private void figures(EquivalenceAttested e) {
      if (e.getExamples() < 1) {
        fail(
            Reason.MALFORMED,
            "examples",
            "examples is less than 1",
            "examples must be at least 1, got " + e.getExamples());
      }
      Tolerances tolerances;
      try {
        tolerances =
            new Tolerances(
                e.getAucTolerance(),
                e.getMaxDiffFraction(),
                e.getScoreTolerance() == null
                    ? OptionalDouble.empty()
                    : OptionalDouble.of(e.getScoreTolerance()));
      } catch (IllegalArgumentException x) {
        fail(
            Reason.MALFORMED,
            "tolerances",
            "a tolerance is out of range",
            "tolerances: " + x.getMessage());
        return;
      }
      if (!Double.isFinite(e.getDecisionThreshold())) {
        fail(
            Reason.MALFORMED,
            "decisionThreshold",
            "decisionThreshold is not finite",
            "decisionThreshold must be finite, got " + e.getDecisionThreshold());
      }
      boolean inRange =
          inRange("baselineAuc", e.getBaselineAuc(), 0, 1)
              & inRange("candidateAuc", e.getCandidateAuc(), 0, 1)
              & inRange("decisionDiffFraction", e.getDecisionDiffFraction(), 0, 1)
              & inRange("maxAbsScoreDiff", e.getMaxAbsScoreDiff(), 0, Double.MAX_VALUE)
              & inRange("meanAbsScoreDiff", e.getMeanAbsScoreDiff(), 0, e.getMaxAbsScoreDiff());
      if (!inRange) {
        return;
      }
      boolean follows =
          Tolerances.within(Math.abs(e.getCandidateAuc() - e.getBaselineAuc()), tolerances.auc())
              && Tolerances.within(e.getDecisionDiffFraction(), tolerances.maxDiffFraction())
              && (tolerances.score().isEmpty()
                  || Tolerances.within(e.getMaxAbsScoreDiff(), tolerances.score().getAsDouble()));
      if (follows != e.getEquivalent()) {
        fail(
            Reason.MALFORMED,
            "equivalent",
            "equivalent does not follow from the figures",
            "equivalent is "
                + e.getEquivalent()
                + " but the figures and tolerances say "
                + follows);
      }
    }

    /**
     * {@link NodeId#parse} accepts each node in one spelling only, so a parsed id is canonical. The
     * message puts the field in front (an event has many ids); the detail never quotes the value.
     */
    private NodeId parse(String field, String text) {
      if (text == null) {
        fail(Reason.INVALID_ID, field, field + " is required", field + " is required");
        return null;
      }
      try {
        if (text.startsWith(NodeId.Kind.OCI.prefix())) {
          // ImageReference says why a tag is refused and how to find the digest
          ImageReference.parse(text);
        }
        return NodeId.parse(text);
      } catch (MutableReferenceException x) {
        fail(
            Reason.MUTABLE_REFERENCE,
            field,
            field + " names an image by tag; use oci:<repository>@sha256:<digest>",
            field + ": " + x.getMessage());
      } catch (InvalidIdException x) {
        fail(
            Reason.INVALID_ID,
            field,
            field + " is not a valid node id",
            field + ": " + x.getMessage());
      }
      return null;
    }

    /** A node itself: not a {@code name:} reference. */
    private NodeId node(String field, String text) {
      NodeId id = parse(field, text);
      if (id != null && id.isReference()) {
        fail(
            Reason.INVALID_ID,
            field,
            field + ": name: references are not allowed in events",
            field
                + " '"
                + text
                + "' is a name: reference; an event names the node itself (sha256:, source:, git:,"
                + " oci:), resolve the name first");
        return null;
      }
      return id;
    }

    /** An artifact node: not a run, not a {@code name:} reference, an image by digest. */
    private NodeId artifactNode(String field, String text) {
      NodeId id = node(field, text);
      if (id != null && id.kind() == NodeId.Kind.RUN) {
        fail(
            Reason.INVALID_ID,
            field,
            field + " is a run; the graph is artifacts -> run -> artifacts",
            field
                + " '"
                + text
                + "' is a run: the graph is bipartite, runs connect artifacts, they are not one");
        return null;
      }
      return id;
    }

    private boolean runId(String field, String text) {
      NodeId id = parse(field, text);
      if (id == null) {
        return false;
      }
      if (id.kind() != NodeId.Kind.RUN) {
        return fail(
            Reason.INVALID_ID,
            field,
            field + " must be run:<id>",
            field + " '" + text + "' is not a run id: give run:<id>, e.g. run:training_j1829");
      }
      return true;
    }

    private void nodes(String field, List<String> ids) {
      if (ids == null || ids.isEmpty()) {
        if (publish) {
          fail(
              Reason.MALFORMED,
              field,
              field + " is empty",
              "a run needs at least one of its " + field);
        }
        return;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        if (artifactNode(field + "[" + i + "]", id) != null && !seen.add(id) && publish) {
          fail(
              Reason.MALFORMED,
              field + "[" + i + "]",
              field + "[" + i + "] repeats an earlier one",
              field + " names " + id + " twice");
        }
      }
    }

    /** A name that can be referenced as {@code name:<name>}. */
    private boolean name(String field, String what, String value) {
      try {
        NodeId.checkName(what, value);
        return true;
      } catch (InvalidIdException x) {
        return fail(
            Reason.INVALID_ID,
            field,
            field + " is not usable in a name: reference",
            x.getMessage());
      }
    }

    private boolean version(String field, String what, String value) {
      try {
        NodeId.checkVersion(what, value);
        return true;
      } catch (InvalidIdException x) {
        return fail(
            Reason.INVALID_ID,
            field,
            field + " is not usable in a name: reference",
            x.getMessage());
      }
    }

    /** An id that is text: it keys stores and URLs but is never referenced as {@code name:}. */
    private boolean idText(String field, String what, String value) {
      if (value == null) {
        return fail(Reason.INVALID_ID, field, field + " is required", what + " is required");
      }
      if (value.isEmpty() || value.length() > MAX_ID_TEXT) {
        return fail(
            Reason.INVALID_ID,
            field,
            field + " is empty or longer than " + MAX_ID_TEXT,
            value.isEmpty()
                ? what + " is empty"
                : what + " is " + value.length() + " characters long; at most " + MAX_ID_TEXT);
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        return fail(
            Reason.INVALID_ID,
            field,
            field + " holds a control character",
            what + " contains a control character");
      }
      return true;
    }

    private boolean keyId(String field, String keyId) {
      if (isKeyId(keyId)) {
        return true;
      }
      return fail(
          Reason.INVALID_ID,
          field,
          field + " is not 64 lowercase hex",
          "key id '"
              + (keyId == null ? "" : keyId)
              + "' is not 64 lowercase hex characters (the SHA-256 of the DER public key, as"
              + " lineage keygen prints it)");
    }

    private void optionalDigest(String field, String text) {
      if (text != null && !Digest.isValid(text)) {
        String why;
        try {
          Digest.parse(text);
          why = "not a digest";
        } catch (InvalidIdException x) {
          why = x.getMessage();
        }
        fail(
            Reason.INVALID_ID,
            field,
            field + " is not sha256:<64 lowercase hex>",
            field + ": " + why);
      }
    }

    private void requiredDigest(String field, String text) {
      if (text == null) {
        fail(Reason.INVALID_ID, field, field + " is required", field + " is required");
      } else {
        optionalDigest(field, text);
      }
    }

    private void notNegative(String field, Long value) {
      if (value != null && value < 0) {
        fail(
            Reason.MALFORMED,
            field,
            field + " is negative",
            field + " must not be negative, got " + value);
      }
    }

    private void labels(String field, Map<String, String> map) {
      if (!present(map, field)) {
        return;
      }
      map.forEach(
          (k, v) -> {
            if (label(field + " key", k, MAX_KEY_LENGTH) && k.isEmpty()) {
              fail(
                  Reason.MALFORMED,
                  field,
                  field + " has an empty key",
                  field + " has an empty key");
            }
            label(field + "[" + k + "]", v, MAX_VALUE_LENGTH);
          });
    }

    /** Control characters would reach logs and HTML unescaped; lengths keep records small. */
    private boolean label(String field, String value, int max) {
      if (!present(value, field)) {
        return false;
      }
      if (value.length() > max) {
        return fail(
            Reason.MALFORMED,
            field,
            field + " is longer than " + max,
            field + " is " + value.length() + " characters long; at most " + max);
      }
      if (value.chars().anyMatch(Character::isISOControl)) {
        return fail(
            Reason.MALFORMED,
            field,
            field + " holds a control character",
            field + " contains a control character");
      }
      return true;
    }

    /** Free text for people: lines and tabs are fine, other control characters are not. */
    private void text(String field, String value, int max) {
      if (value.length() > max) {
        fail(
            Reason.MALFORMED,
            field,
            field + " is longer than " + max,
            field + " is " + value.length() + " characters long; at most " + max);
      } else if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
        fail(
            Reason.MALFORMED,
            field,
            field + " holds a control character",
            field + " contains a control character");
      }
    }

    private boolean inRange(String field, double value, double min, double max) {
      if (value >= min && value <= max) {
        return true;
      }
      return fail(
          Reason.MALFORMED,
          field,
          field + " is out of range",
          field + " must be between " + min + " and " + max + ", got " + value);
    }

    private boolean present(Object value, String field) {
      if (value != null) {
        return true;
      }
      return fail(Reason.MALFORMED, field, field + " is required", field + " is required");
    }

    private boolean fail(Reason code, String field, String detail, String message) {
      violations.add(new Violation(code, field, detail, message));
      return false;
    }
  }
}
