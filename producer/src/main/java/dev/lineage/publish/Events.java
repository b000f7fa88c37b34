package dev.lineage.publish;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.EquivalenceAttested;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.RecordSet;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.compare.Comparison;
import dev.lineage.id.Digest;
import dev.lineage.id.ImageReference;
import dev.lineage.id.NodeId;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.signing.KeyPairs;
import java.security.PublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builders of the events a pipeline or an admin publishes. {@code build()} checks the event with
 * {@link EventRules}; a time left unset ({@code signedAt}, a grant's {@code validFrom}, a
 * revocation's {@code revokedFrom}) is filled in by {@link LineageClient} when it signs. Times are
 * kept to the millisecond, as the schemas store them.
 *
 * <pre>{@code
 * ArtifactRegistered features =
 *     Events.artifact(digest.toString(), ArtifactKind.DATASET, "features_v47")
 *         .version("47").recordCount(1_250_000L).build();
 * RunCompleted run =
 *     Events.run("run:training_j1829", "trainer", "1.4.0")
 *         .input(features.getNodeId()).output(model.getNodeId())
 *         .startedAt(start).endedAt(end).environment(HardwareFingerprint.capture())
 *         .build();
 * }</pre>
 */
public final class Events {
  private Events() {}

  /** An artifact registration; {@code nodeId} is {@code sha256:}, {@code source:}, ... */
  public static ArtifactBuilder artifact(String nodeId, ArtifactKind kind, String name) {
    return new ArtifactBuilder(nodeId, kind, name);
  }

  public static ArtifactBuilder artifact(NodeId nodeId, ArtifactKind kind, String name) {
    return new ArtifactBuilder(Objects.requireNonNull(nodeId, "nodeId").toString(), kind, name);
  }

  /**
   * A container image as people write it ({@code ghcr.io/acme/trainer@sha256:...}); a reference
   * without a digest is refused with {@link dev.lineage.id.MutableReferenceException}.
   */
  public static ArtifactBuilder image(String reference, String name) {
    return new ArtifactBuilder(
        ImageReference.parse(reference).toString(), ArtifactKind.CONTAINER_IMAGE, name);
  }

  /** A completed run; {@code runId} is {@code run:<id>}. */
  public static RunBuilder run(String runId, String processName, String processVersion) {
    return new RunBuilder(runId, processName, processVersion);
  }

  /** A grant of {@code roles} to {@code key}; key id, algorithm and PEM come from the key. */
  public static KeyGrantBuilder keyGrant(PublicKey key, Collection<Role> roles) {
    return new KeyGrantBuilder(key, roles);
  }

  /** A revocation of the key with this id (lowercase hex SHA-256 of its DER public key). */
  public static KeyRevocationBuilder keyRevocation(String keyId) {
    return new KeyRevocationBuilder(keyId);
  }

  public static KeyRevocationBuilder keyRevocation(PublicKey key) {
    return new KeyRevocationBuilder(KeyPairs.keyId(key));
  }

  /**
   * A deletion request: the records listed in {@code recordSet} were erased from {@code subject} (a
   * node id such as {@code source:transactions_q1}). The record set names the list by digest, count
   * and location; the keys themselves never go on a topic.
   */
  public static DeletionBuilder deletion(String requestId, String subject, RecordSet recordSet) {
    return new DeletionBuilder(requestId, subject, recordSet);
  }

  /**
   * The record-key list of a deletion request, salted by {@link RecordList#salt}: the salted
   * object's digest, how many keys, where the object is kept (with its salt).
   */
  public static RecordSet recordSet(RecordList.Salted list, String location) {
    return recordSet(Objects.requireNonNull(list, "list").digest(), list.count(), location);
  }

  /**
   * The record-key list of a deletion request: {@code digest} must name the salted object {@link
   * RecordList#salt} writes (never the bare list, whose digest confirms a guessed list), {@code
   * count} its keys, {@code location} where the object is kept.
   */
  public static RecordSet recordSet(Digest digest, long count, String location) {
    return RecordSet.newBuilder()
        .setDigest(Objects.requireNonNull(digest, "digest").toString())
        .setCount(count)
        .setLocation(location)
        .setSalted(true)
        .build();
  }

  /**
   * A bug in {@code processName} that was live from {@code windowStart} (inclusive) to {@code
   * windowEnd} (exclusive).
   */
  public static BugReportBuilder bugReport(
      String reportId, String processName, Instant windowStart, Instant windowEnd) {
    return new BugReportBuilder(reportId, processName, windowStart, windowEnd);
  }

  /**
   * An equivalence attestation: {@code candidateRunId}, a rerun of {@code baselineRunId}, was
   * compared with it on the same held-out examples.
   */
  public static EquivalenceBuilder equivalence(String baselineRunId, String candidateRunId) {
    return new EquivalenceBuilder(baselineRunId, candidateRunId);
  }

  static Instant millis(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * The generated setters of required times truncate their argument, so null must not reach them.
   */
  private static void unlessNull(Instant t, Consumer<Instant> setter) {
    if (t != null) {
      setter.accept(t);
    }
  }

  /** Builds an {@link ArtifactRegistered}. */
  public static final class ArtifactBuilder {
    private final String nodeId;
    private final ArtifactKind kind;
    private final String name;
    private String version;
    private String mediaType;
    private Long sizeBytes;
    private Long recordCount;
    private final Map<String, String> attributes = new TreeMap<>();
    private Instant signedAt;

    private ArtifactBuilder(String nodeId, ArtifactKind kind, String name) {
      this.nodeId = nodeId;
      this.kind = kind;
      this.name = name;
    }

    public ArtifactBuilder version(String version) {
      this.version = version;
      return this;
    }

    /** IANA or OCI media type, e.g. {@code application/vnd.apache.parquet}. */
    public ArtifactBuilder mediaType(String mediaType) {
      this.mediaType = mediaType;
      return this;
    }

    public ArtifactBuilder sizeBytes(Long sizeBytes) {
      this.sizeBytes = sizeBytes;
      return this;
    }

    /** Records in a data snapshot: the denominator of an affected fraction. */
    public ArtifactBuilder recordCount(Long recordCount) {
      this.recordCount = recordCount;
      return this;
    }

    /** A free attribute; never personal data (topics keep events forever). */
    public ArtifactBuilder attribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    public ArtifactBuilder attributes(Map<String, String> attributes) {
      this.attributes.putAll(attributes);
      return this;
    }

    /** When it is signed; unset, the client uses the time it signs. */
    public ArtifactBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if an id, name or version is malformed
     * @throws IllegalArgumentException if another field is out of range
     */
    public ArtifactRegistered build() {
      ArtifactRegistered event = new ArtifactRegistered();
      event.setNodeId(nodeId);
      event.setKind(kind);
      event.setName(name);
      event.setVersion(version);
      event.setMediaType(mediaType);
      event.setSizeBytes(sizeBytes);
      event.setRecordCount(recordCount);
      event.setAttributes(new TreeMap<>(attributes));
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds a {@link RunCompleted}. */
  public static final class RunBuilder {
    private final String runId;
    private final String processName;
    private final String processVersion;
    private String configDigest;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private Instant startedAt;
    private Instant endedAt;
    private final Map<String, String> environment = new TreeMap<>();
    private String manifestDigest;
    private final Map<String, String> attributes = new TreeMap<>();
    private Instant signedAt;

    private RunBuilder(String runId, String processName, String processVersion) {
      this.runId = runId;
      this.processName = processName;
      this.processVersion = processVersion;
    }

    public RunBuilder configDigest(Digest configDigest) {
      this.configDigest = configDigest == null ? null : configDigest.toString();
      return this;
    }

    /** A node the run read (artifact, source, commit or image; not a run). */
    public RunBuilder input(String nodeId) {
      inputs.add(nodeId);
      return this;
    }

    public RunBuilder inputs(Collection<String> nodeIds) {
      inputs.addAll(nodeIds);
      return this;
    }

    /** A node the run wrote. */
    public RunBuilder output(String nodeId) {
      outputs.add(nodeId);
      return this;
    }

    public RunBuilder outputs(Collection<String> nodeIds) {
      outputs.addAll(nodeIds);
      return this;
    }

    public RunBuilder startedAt(Instant startedAt) {
      this.startedAt = millis(startedAt);
      return this;
    }

    public RunBuilder endedAt(Instant endedAt) {
      this.endedAt = millis(endedAt);
      return this;
    }

    /** Runtime facts of the run, added to what is already there. */
    public RunBuilder environment(Map<String, String> environment) {
      this.environment.putAll(environment);
      return this;
    }

    /** The hardware the run ran on ({@link HardwareFingerprint#capture()} for this machine). */
    public RunBuilder environment(HardwareFingerprint hardware) {
      return environment(hardware.asEnvironment());
    }

    /** The digest of the signed training manifest in the content-addressed store. */
    public RunBuilder manifestDigest(Digest manifestDigest) {
      this.manifestDigest = manifestDigest == null ? null : manifestDigest.toString();
      return this;
    }

    /** A free attribute; never personal data. */
    public RunBuilder attribute(String key, String value) {
      attributes.put(key, value);
      return this;
    }

    public RunBuilder attributes(Map<String, String> attributes) {
      this.attributes.putAll(attributes);
      return this;
    }

    public RunBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if an id, digest, name or version is malformed
     * @throws IllegalArgumentException if inputs or outputs are empty, a time is missing or the
     *     times are reversed
     */
    public RunCompleted build() {
      RunCompleted event = new RunCompleted();
      event.setRunId(runId);
      event.setProcessName(processName);
      event.setProcessVersion(processVersion);
      event.setConfigDigest(configDigest);
      event.setInputs(new ArrayList<>(inputs));
      event.setOutputs(new ArrayList<>(outputs));
      unlessNull(startedAt, event::setStartedAt);
      unlessNull(endedAt, event::setEndedAt);
      event.setEnvironment(new TreeMap<>(environment));
      event.setManifestDigest(manifestDigest);
      event.setAttributes(new TreeMap<>(attributes));
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds a {@link KeyGranted}. */
  public static final class KeyGrantBuilder {
    private final PublicKey key;
    private final List<Role> roles;
    private Instant validFrom;
    private Instant validUntil;
    private Instant signedAt;

    private KeyGrantBuilder(PublicKey key, Collection<Role> roles) {
      this.key = Objects.requireNonNull(key, "key");
      this.roles = List.copyOf(roles);
    }

    /**
     * Events appended before this time are not covered (nor any appended before the grant); unset,
     * the signing time.
     */
    public KeyGrantBuilder validFrom(Instant validFrom) {
      this.validFrom = millis(validFrom);
      return this;
    }

    /** Events appended at or after this time are not covered; unset, no end. */
    public KeyGrantBuilder validUntil(Instant validUntil) {
      this.validUntil = millis(validUntil);
      return this;
    }

    public KeyGrantBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws IllegalArgumentException if there is no role, a role is UNKNOWN or repeated, or the
     *     window is empty
     */
    public KeyGranted build() {
      KeyGranted event = new KeyGranted();
      event.setKeyId(KeyPairs.keyId(key));
      event.setAlgorithm(EventRules.keyAlgorithm(KeyPairs.algorithmOf(key)));
      event.setPublicKeyPem(KeyPairs.publicKeyPem(key));
      event.setRoles(new ArrayList<>(roles));
      unlessNull(validFrom, event::setValidFrom);
      event.setValidUntil(validUntil);
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds a {@link KeyRevoked}. */
  public static final class KeyRevocationBuilder {
    private final String keyId;
    private Instant revokedFrom;
    private String reason;
    private Instant signedAt;

    private KeyRevocationBuilder(String keyId) {
      this.keyId = keyId;
    }

    /**
     * Events appended at or after this time are void (and every event appended after the
     * revocation, whatever this says); unset, the signing time.
     */
    public KeyRevocationBuilder revokedFrom(Instant revokedFrom) {
      this.revokedFrom = millis(revokedFrom);
      return this;
    }

    /** Why, for auditors; never personal data. */
    public KeyRevocationBuilder reason(String reason) {
      this.reason = reason;
      return this;
    }

    public KeyRevocationBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if the key id is malformed
     */
    public KeyRevoked build() {
      KeyRevoked event = new KeyRevoked();
      event.setKeyId(keyId);
      unlessNull(revokedFrom, event::setRevokedFrom);
      event.setReason(reason);
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds a {@link DeletionRequested}. */
  public static final class DeletionBuilder {
    private final String requestId;
    private final String subject;
    private final RecordSet recordSet;
    private String reason;
    private Instant deadline;
    private Instant signedAt;

    private DeletionBuilder(String requestId, String subject, RecordSet recordSet) {
      this.requestId = requestId;
      this.subject = subject;
      this.recordSet = recordSet;
    }

    /** Legal basis or ticket reference; never personal data (topics keep it forever). */
    public DeletionBuilder reason(String reason) {
      this.reason = reason;
      return this;
    }

    /** When the erasure must be complete downstream. */
    public DeletionBuilder deadline(Instant deadline) {
      this.deadline = millis(deadline);
      return this;
    }

    public DeletionBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if the request id, subject or digest is malformed
     * @throws IllegalArgumentException if the count, location or reason is wrong
     */
    public DeletionRequested build() {
      DeletionRequested event = new DeletionRequested();
      event.setRequestId(requestId);
      event.setSubject(subject);
      event.setRecordSet(recordSet == null ? null : RecordSet.newBuilder(recordSet).build());
      event.setReason(reason);
      event.setDeadline(deadline);
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds a {@link BugReported}. */
  public static final class BugReportBuilder {
    private final String reportId;
    private final String processName;
    private final Instant windowStart;
    private final Instant windowEnd;
    private String minVersion;
    private String maxVersion;
    private String description;
    private Instant signedAt;

    private BugReportBuilder(
        String reportId, String processName, Instant windowStart, Instant windowEnd) {
      this.reportId = reportId;
      this.processName = processName;
      this.windowStart = millis(windowStart);
      this.windowEnd = millis(windowEnd);
    }

    /** First affected version (inclusive); unset, from the first. */
    public BugReportBuilder minVersion(String minVersion) {
      this.minVersion = minVersion;
      return this;
    }

    /** Last affected version (inclusive); unset, up to the latest. */
    public BugReportBuilder maxVersion(String maxVersion) {
      this.maxVersion = maxVersion;
      return this;
    }

    /** What the bug is, for engineers; never personal data. */
    public BugReportBuilder description(String description) {
      this.description = description;
      return this;
    }

    public BugReportBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if the report id, process name or a version is
     *     malformed
     * @throws IllegalArgumentException if the versions or the window are reversed
     */
    public BugReported build() {
      BugReported event = new BugReported();
      event.setReportId(reportId);
      event.setProcessName(processName);
      event.setMinVersion(minVersion);
      event.setMaxVersion(maxVersion);
      unlessNull(windowStart, event::setWindowStart);
      unlessNull(windowEnd, event::setWindowEnd);
      event.setDescription(description);
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }

  /** Builds an {@link EquivalenceAttested}; {@code equivalent} must follow from the figures. */
  public static final class EquivalenceBuilder {
    private final String baselineRunId;
    private final String candidateRunId;
    private String baselineOutputsDigest;
    private String candidateOutputsDigest;
    private long examples;
    private double aucTolerance = Double.NaN;
    private double maxDiffFraction = Double.NaN;
    private Double scoreTolerance;
    private double decisionThreshold = Double.NaN;
    private double baselineAuc = Double.NaN;
    private double candidateAuc = Double.NaN;
    private double decisionDiffFraction = Double.NaN;
    private double meanAbsScoreDiff = Double.NaN;
    private double maxAbsScoreDiff = Double.NaN;
    private boolean equivalent;
    private final Map<String, String> baselineHardware = new TreeMap<>();
    private final Map<String, String> candidateHardware = new TreeMap<>();
    private Instant signedAt;

    private EquivalenceBuilder(String baselineRunId, String candidateRunId) {
      this.baselineRunId = baselineRunId;
      this.candidateRunId = candidateRunId;
    }

    /** Digests of the two {@code id,label,score} files compared. */
    public EquivalenceBuilder outputs(Digest baseline, Digest candidate) {
      this.baselineOutputsDigest = baseline == null ? null : baseline.toString();
      this.candidateOutputsDigest = candidate == null ? null : candidate.toString();
      return this;
    }

    /**
     * The figures, tolerances, threshold and verdict of a comparison.
     *
     * @throws NullPointerException if {@code comparison} is null
     */
    public EquivalenceBuilder comparison(Comparison comparison) {
      examples = comparison.examples();
      aucTolerance = comparison.tolerances().auc();
      maxDiffFraction = comparison.tolerances().maxDiffFraction();
      OptionalDouble score = comparison.tolerances().score();
      scoreTolerance = score.isPresent() ? score.getAsDouble() : null;
      decisionThreshold = comparison.threshold();
      baselineAuc = comparison.baselineAuc();
      candidateAuc = comparison.candidateAuc();
      decisionDiffFraction = comparison.decisionDiffFraction();
      meanAbsScoreDiff = comparison.scoreDiffs().meanAbs();
      maxAbsScoreDiff = comparison.scoreDiffs().maxAbs();
      equivalent = comparison.equivalent();
      return this;
    }

    /** Hardware fingerprint of the baseline run; empty when unknown. */
    public EquivalenceBuilder baselineHardware(Map<String, String> hardware) {
      baselineHardware.putAll(hardware);
      return this;
    }

    /** Hardware fingerprint of the candidate run; empty when unknown. */
    public EquivalenceBuilder candidateHardware(Map<String, String> hardware) {
      candidateHardware.putAll(hardware);
      return this;
    }

    public EquivalenceBuilder signedAt(Instant signedAt) {
      this.signedAt = millis(signedAt);
      return this;
    }

    /**
     * The event.
     *
     * @throws dev.lineage.id.InvalidIdException if a run id or digest is malformed
     * @throws IllegalArgumentException if the comparison is missing, a figure is out of range, or
     *     the verdict does not follow from the figures
     */
    public EquivalenceAttested build() {
      if (Double.isNaN(baselineAuc)) {
        throw new IllegalArgumentException("the figures are required: give the comparison");
      }
      EquivalenceAttested event = new EquivalenceAttested();
      event.setBaselineRunId(baselineRunId);
      event.setCandidateRunId(candidateRunId);
      event.setBaselineOutputsDigest(baselineOutputsDigest);
      event.setCandidateOutputsDigest(candidateOutputsDigest);
      event.setExamples(examples);
      event.setAucTolerance(aucTolerance);
      event.setMaxDiffFraction(maxDiffFraction);
      event.setScoreTolerance(scoreTolerance);
      event.setDecisionThreshold(decisionThreshold);
      event.setBaselineAuc(baselineAuc);
      event.setCandidateAuc(candidateAuc);
      event.setDecisionDiffFraction(decisionDiffFraction);
      event.setMeanAbsScoreDiff(meanAbsScoreDiff);
      event.setMaxAbsScoreDiff(maxAbsScoreDiff);
      event.setEquivalent(equivalent);
      event.setBaselineHardware(new TreeMap<>(baselineHardware));
      event.setCandidateHardware(new TreeMap<>(candidateHardware));
      unlessNull(signedAt, event::setSignedAt);
      EventRules.check(event);
      return event;
    }
  }
}
