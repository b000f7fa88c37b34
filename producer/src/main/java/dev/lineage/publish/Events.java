package dev.lineage.publish;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
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

    /** Signatures made before this time are not covered; unset, the signing time. */
    public KeyGrantBuilder validFrom(Instant validFrom) {
      this.validFrom = millis(validFrom);
      return this;
    }

    /** Signatures made at or after this time are not covered; unset, no end. */
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

    /** Signatures made at or after this time are void; unset, the signing time. */
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
}
