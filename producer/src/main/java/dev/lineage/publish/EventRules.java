package dev.lineage.publish;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.KeyAlgorithm;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.compare.Tolerances;
import dev.lineage.id.Digest;
import dev.lineage.id.ImageReference;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.MutableReferenceException;
import dev.lineage.id.NodeId;
import dev.lineage.id.VersionOrder;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a signed event must satisfy before it is published, beyond its Avro schema. Events stay on
 * the topics forever, so a malformed id would be signed history: it is refused here, with a message
 * that says what to change.
 *
 * <p>Node ids are valid {@link NodeId}s (each accepted in one spelling only), never {@code name:}
 * references (an event states what it used; resolving a name is a reader's business, and the answer
 * changes over time), and container images are pinned by digest. A {@code null} time that the
 * publisher fills in at signing time ({@code signedAt}, a grant's {@code validFrom}, a revocation's
 * {@code revokedFrom}) is accepted.
 */
public final class EventRules {
  /** Longest attribute or environment key. */
  public static final int MAX_KEY_LENGTH = 128;

  /** Longest attribute or environment value. */
  public static final int MAX_VALUE_LENGTH = 4096;

  /** RFC 6838 type/subtype, without parameters. */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

  private EventRules() {}

  /**
   * Checks any event by the rules of its type; events without rules of their own pass (their schema
   * still applies when they are encoded).
   */
  public static void checkAny(SpecificRecordBase event) {
    if (event instanceof ArtifactRegistered artifact) {
      check(artifact);
    } else if (event instanceof RunCompleted run) {
      check(run);
    } else if (event instanceof KeyGranted grant) {
      check(grant);
    } else if (event instanceof KeyRevoked revocation) {
      check(revocation);
    } else if (event instanceof DeletionRequested request) {
      check(request);
    } else if (event instanceof BugReported report) {
      check(report);
    } else if (event instanceof EquivalenceAttested attestation) {
      check(attestation);
    }
  }

  /**
   * Checks an artifact registration.
   *
   * @throws InvalidIdException if an id, name or version is malformed or an image is not pinned
   * @throws IllegalArgumentException if another field is out of range
   */
  public static void check(ArtifactRegistered event) {
    required(event, "ArtifactRegistered");
    NodeId id = artifactNode("nodeId", event.getNodeId());
    required(event.getKind(), "kind");
    NodeId.checkName("artifact name", event.getName());
    if (event.getVersion() != null) {
      NodeId.checkVersion("artifact version", event.getVersion());
    }
    if (event.getMediaType() != null && !MEDIA_TYPE.matcher(event.getMediaType()).matches()) {
      throw new IllegalArgumentException(
          "media type '" + event.getMediaType() + "' is not type/subtype (e.g. application/json)");
    }
    notNegative("sizeBytes", event.getSizeBytes());
    notNegative("recordCount", event.getRecordCount());
    labels("attributes", event.getAttributes());
    if (id.kind() == NodeId.Kind.OCI && event.getKind() != ArtifactKind.CONTAINER_IMAGE) {
      throw new IllegalArgumentException(
          "node " + id + " is a container image: register it with kind CONTAINER_IMAGE");
    }
  }

  /**
   * Checks a completed run.
   *
   * @throws InvalidIdException if an id, digest, name or version is malformed
   * @throws IllegalArgumentException if inputs or outputs are empty or the times are reversed
   */
  public static void check(RunCompleted event) {
    required(event, "RunCompleted");
    String runId = event.getRunId();
    NodeId run = parse("runId", runId);
    if (run.kind() != NodeId.Kind.RUN) {
      throw new InvalidIdException(
          "runId '" + runId + "' is not a run id: give run:<id>, e.g. run:training_j1829");
    }
    NodeId.checkName("process name", event.getProcessName());
    NodeId.checkVersion("process version", event.getProcessVersion());
    optionalDigest("configDigest", event.getConfigDigest());
    optionalDigest("manifestDigest", event.getManifestDigest());
    nodes("inputs", event.getInputs());
    nodes("outputs", event.getOutputs());
    required(event.getStartedAt(), "startedAt");
    required(event.getEndedAt(), "endedAt");
    if (event.getEndedAt().isBefore(event.getStartedAt())) {
      throw new IllegalArgumentException(
          "run ended ("
              + event.getEndedAt()
              + ") before it started ("
              + event.getStartedAt()
              + ")");
    }
    labels("environment", event.getEnvironment());
    labels("attributes", event.getAttributes());
  }

  /**
   * Checks a key grant: the key id is the id of the PEM key, the algorithm is the key's, the roles
   * are known, and the validity window is not empty.
   *
   * @throws InvalidIdException if the key id is malformed or not the PEM key's
   * @throws IllegalArgumentException if the key, algorithm, roles or window is wrong
   */
  public static void check(KeyGranted event) {
    required(event, "KeyGranted");
    keyId(event.getKeyId());
    required(event.getPublicKeyPem(), "publicKeyPem");
    PublicKey key;
    try {
      key = KeyPairs.parsePublicKey(event.getPublicKeyPem(), "publicKeyPem");
    } catch (IOException e) {
      throw new IllegalArgumentException("publicKeyPem is not a PEM public key", e);
    }
    String actual = KeyPairs.keyId(key);
    if (!actual.equals(event.getKeyId())) {
      throw new InvalidIdException(
          "keyId " + event.getKeyId() + " is not the id of publicKeyPem, which is " + actual);
    }
    KeyAlgorithm expected = keyAlgorithm(KeyPairs.algorithmOf(key));
    if (event.getAlgorithm() != expected) {
      throw new IllegalArgumentException(
          "algorithm " + event.getAlgorithm() + " does not match the key, which is " + expected);
    }
    List<Role> roles = event.getRoles();
    if (roles == null || roles.isEmpty()) {
      throw new IllegalArgumentException("a grant needs at least one role");
    }
    if (roles.contains(Role.UNKNOWN) || roles.contains(null)) {
      throw new IllegalArgumentException("role UNKNOWN grants nothing: name the roles to grant");
    }
    if (new HashSet<>(roles).size() != roles.size()) {
      throw new IllegalArgumentException("roles " + roles + " name a role twice");
    }
    Instant from = event.getValidFrom();
    Instant until = event.getValidUntil();
    if (from != null && until != null && !until.isAfter(from)) {
      throw new IllegalArgumentException(
          "validUntil (" + until + ") must be after validFrom (" + from + ")");
    }
  }

  /**
   * Checks a key revocation.
   *
   * @throws InvalidIdException if the key id is malformed
   * @throws IllegalArgumentException if the reason is too long or holds control characters
   */
  public static void check(KeyRevoked event) {
    required(event, "KeyRevoked");
    keyId(event.getKeyId());
    if (event.getReason() != null) {
      label("reason", event.getReason(), MAX_VALUE_LENGTH);
    }
  }

  /**
   * Checks a deletion request: the request id is a name, the subject a node that holds data (not a
   * run, not a {@code name:} reference: the request is a fact about one node), the record set a
   * digest, a count of at least one and a URI with a scheme.
   *
   * @throws InvalidIdException if the request id, subject or digest is malformed
   * @throws IllegalArgumentException if the count, location or reason is wrong
   */
  public static void check(DeletionRequested event) {
    required(event, "DeletionRequested");
    NodeId.checkName("request id", event.getRequestId());
    NodeId subject = node("subject", event.getSubject());
    if (subject.kind() == NodeId.Kind.RUN) {
      throw new InvalidIdException(
          "subject '"
              + event.getSubject()
              + "' is a run: a deletion request names the data the records were erased from"
              + " (sha256:, source:, ...)");
    }
    RecordSet records = event.getRecordSet();
    required(records, "recordSet");
    try {
      Digest.parse(records.getDigest());
    } catch (InvalidIdException e) {
      throw new InvalidIdException("recordSet.digest: " + e.getMessage());
    }
    if (records.getCount() < 1) {
      throw new IllegalArgumentException(
          "recordSet.count must be at least 1, got " + records.getCount());
    }
    label("recordSet.location", records.getLocation(), MAX_VALUE_LENGTH);
    URI location;
    try {
      location = new URI(records.getLocation());
    } catch (URISyntaxException e) {
      location = null;
    }
    if (location == null || location.getScheme() == null) {
      throw new IllegalArgumentException(
          "recordSet.location '"
              + records.getLocation()
              + "' is not a URI with a scheme, e.g. cas:sha256:<hex> or s3://bucket/key");
    }
    if (event.getReason() != null) {
      label("reason", event.getReason(), MAX_VALUE_LENGTH);
    }
  }

  /**
   * Checks a bug report: the ids are names, the versions versions in order, the window not empty.
   *
   * @throws InvalidIdException if the report id, process name or a version is malformed
   * @throws IllegalArgumentException if the versions or the window are reversed, or the description
   *     is too long
   */
  public static void check(BugReported event) {
    required(event, "BugReported");
    NodeId.checkName("report id", event.getReportId());
    NodeId.checkName("process name", event.getProcessName());
    String min = event.getMinVersion();
    String max = event.getMaxVersion();
    if (min != null) {
      NodeId.checkVersion("min version", min);
    }
    if (max != null) {
      NodeId.checkVersion("max version", max);
    }
    if (min != null && max != null && VersionOrder.compareVersions(min, max) > 0) {
      throw new IllegalArgumentException("min version " + min + " is after max version " + max);
    }
    required(event.getWindowStart(), "windowStart");
    required(event.getWindowEnd(), "windowEnd");
    if (!event.getWindowEnd().isAfter(event.getWindowStart())) {
      throw new IllegalArgumentException(
          "the window must end after it starts: from "
              + event.getWindowStart()
              + " to "
              + event.getWindowEnd());
    }
    if (event.getDescription() != null) {
      text("description", event.getDescription(), MAX_VALUE_LENGTH);
    }
  }

  /**
   * Checks an equivalence attestation: two different runs, both output digests, figures in their
   * ranges, and a verdict that follows from the figures and tolerances (a signed verdict that its
   * own figures contradict would mislead every reader).
   *
   * @throws InvalidIdException if a run id or digest is malformed
   * @throws IllegalArgumentException if a figure is out of range or the verdict does not follow
   */
  public static void check(EquivalenceAttested event) {
    required(event, "EquivalenceAttested");
    runId("baselineRunId", event.getBaselineRunId());
    runId("candidateRunId", event.getCandidateRunId());
    if (event.getBaselineRunId().equals(event.getCandidateRunId())) {
      throw new IllegalArgumentException(
          "the baseline and the candidate are the same run " + event.getBaselineRunId());
    }
    requiredDigest("baselineOutputsDigest", event.getBaselineOutputsDigest());
    requiredDigest("candidateOutputsDigest", event.getCandidateOutputsDigest());
    if (event.getExamples() < 1) {
      throw new IllegalArgumentException("examples must be at least 1, got " + event.getExamples());
    }
    Tolerances tolerances;
    try {
      tolerances =
          new Tolerances(
              event.getAucTolerance(),
              event.getMaxDiffFraction(),
              event.getScoreTolerance() == null
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(event.getScoreTolerance()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tolerances: " + e.getMessage(), e);
    }
    if (!Double.isFinite(event.getDecisionThreshold())) {
      throw new IllegalArgumentException(
          "decisionThreshold must be finite, got " + event.getDecisionThreshold());
    }
    inRange("baselineAuc", event.getBaselineAuc(), 0, 1);
    inRange("candidateAuc", event.getCandidateAuc(), 0, 1);
    inRange("decisionDiffFraction", event.getDecisionDiffFraction(), 0, 1);
    inRange("maxAbsScoreDiff", event.getMaxAbsScoreDiff(), 0, Double.MAX_VALUE);
    inRange("meanAbsScoreDiff", event.getMeanAbsScoreDiff(), 0, event.getMaxAbsScoreDiff());
    boolean follows =
        Tolerances.within(
                Math.abs(event.getCandidateAuc() - event.getBaselineAuc()), tolerances.auc())
            && Tolerances.within(event.getDecisionDiffFraction(), tolerances.maxDiffFraction())
            && (tolerances.score().isEmpty()
                || Tolerances.within(event.getMaxAbsScoreDiff(), tolerances.score().getAsDouble()));
    if (follows != event.getEquivalent()) {
      throw new IllegalArgumentException(
          "equivalent is "
              + event.getEquivalent()
              + " but the figures and tolerances say "
              + follows);
    }
    labels("baselineHardware", event.getBaselineHardware());
    labels("candidateHardware", event.getCandidateHardware());
  }

  /** The event's schema enum for a signing algorithm. */
  public static KeyAlgorithm keyAlgorithm(Algorithm algorithm) {
    return switch (algorithm) {
      case ECDSA_P256_SHA256 -> KeyAlgorithm.ECDSA_P256_SHA256;
      case ED25519 -> KeyAlgorithm.ED25519;
    };
  }

  /**
   * Checks a key id: lowercase hex SHA-256 of a DER SubjectPublicKeyInfo, 64 characters.
   *
   * @throws InvalidIdException if it is not
   */
  public static String keyId(String keyId) {
    if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
      throw new InvalidIdException(
          "key id '"
              + (keyId == null ? "" : keyId)
              + "' is not 64 lowercase hex characters (the SHA-256 of the DER public key, as"
              + " lineage keygen prints it)");
    }
    return keyId;
  }

  /** An artifact node: not a run, not a {@code name:} reference, an image by digest. */
  static NodeId artifactNode(String field, String text) {
    NodeId id = node(field, text);
    if (id.kind() == NodeId.Kind.RUN) {
      throw new InvalidIdException(
          field
              + " '"
              + text
              + "' is a run: the graph is bipartite, runs connect artifacts, they are not one");
    }
    return id;
  }

  private static NodeId node(String field, String text) {
    NodeId id = parse(field, text);
    if (id.isReference()) {
      throw new InvalidIdException(
          field
              + " '"
              + text
              + "' is a name: reference; an event names the node itself (sha256:, source:, git:,"
              + " oci:), resolve the name first");
    }
    return id;
  }

  /**
   * {@link NodeId#parse} accepts each node in one spelling only, so a parsed id is canonical. The
   * field is put in front of the message: an event has many ids.
   */
  private static NodeId parse(String field, String text) {
    required(text, field);
    try {
      if (text.startsWith(NodeId.Kind.OCI.prefix())) {
        // ImageReference says why a tag is refused and how to find the digest
        ImageReference.parse(text);
      }
      return NodeId.parse(text);
    } catch (MutableReferenceException e) {
      throw new MutableReferenceException(field + ": " + e.getMessage());
    } catch (InvalidIdException e) {
      throw new InvalidIdException(field + ": " + e.getMessage());
    }
  }

  private static void nodes(String field, List<String> ids) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("a run needs at least one of its " + field);
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      artifactNode(field + "[" + i + "]", id);
      if (!seen.add(id)) {
        throw new IllegalArgumentException(field + " names " + id + " twice");
      }
    }
  }

  private static void optionalDigest(String field, String text) {
    if (text != null) {
      try {
        Digest.parse(text);
      } catch (InvalidIdException e) {
        throw new InvalidIdException(field + ": " + e.getMessage());
      }
    }
  }

  private static void notNegative(String field, Long value) {
    if (value != null && value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, got " + value);
    }
  }

  private static void labels(String field, Map<String, String> map) {
    required(map, field);
    map.forEach(
        (k, v) -> {
          label(field + " key", k, MAX_KEY_LENGTH);
          if (k.isEmpty()) {
            throw new IllegalArgumentException(field + " has an empty key");
          }
          label(field + "[" + k + "]", v, MAX_VALUE_LENGTH);
        });
  }

  /** Control characters would reach logs and HTML unescaped; lengths keep records small. */
  private static void label(String field, String value, int max) {
    required(value, field);
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " is " + value.length() + " characters long; at most " + max);
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(field + " contains a control character");
    }
  }

  private static void runId(String field, String text) {
    NodeId id = parse(field, text);
    if (id.kind() != NodeId.Kind.RUN) {
      throw new InvalidIdException(
          field + " '" + text + "' is not a run id: give run:<id>, e.g. run:training_j1829");
    }
  }

  private static void requiredDigest(String field, String text) {
    required(text, field);
    optionalDigest(field, text);
  }

  private static void inRange(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
  }

  /** Free text for people: lines and tabs are fine, other control characters are not. */
  private static void text(String field, String value, int max) {
    required(value, field);
    if (value.length() > max) {
      throw new IllegalArgumentException(
          field + " is " + value.length() + " characters long; at most " + max);
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t')) {
      throw new IllegalArgumentException(field + " contains a control character");
    }
  }

  private static void required(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }
}
