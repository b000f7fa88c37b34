package dev.lineage.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.id.Digest;
import dev.lineage.id.ImageReference;
import dev.lineage.id.InvalidIdException;
import dev.lineage.id.NodeId;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A training manifest: an in-toto Statement v1 whose subjects are the trained model(s) and whose
 * predicate ({@value #PREDICATE_TYPE}) records what a run needs to be reproduced and audited:
 * dataset snapshots, feature schema, code commit, lock file, container image by digest, seeds,
 * library versions, hardware, and differential-privacy parameters when there are any.
 *
 * <p>{@link #toJson()} is canonical: sorted keys, no whitespace, subjects and datasets sorted, so
 * one manifest always gives the same bytes.
 */
public final class TrainingManifest {
  public static final String STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://lineage.dev/TrainingManifest/v1";

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final List<ArtifactRef> subjects;
  private final List<ArtifactRef> datasets;
  private final ArtifactRef featureSchema;
  private final NodeId codeCommit;
  private final ArtifactRef lockfile;
  private final NodeId containerImage;
  private final SortedMap<String, Long> seeds;
  private final SortedMap<String, String> libraries;
  private final HardwareFingerprint hardware;
  private final PrivacyParameters privacy;
  private final List<Digest> excludedRecordSets;
  private final Instant createdAt;

  private TrainingManifest(Builder b) {
    if (b.subjects.isEmpty()) {
      throw new ManifestFormatException("a training manifest needs at least one model (subject)");
    }
    if (b.datasets.isEmpty()) {
      throw new ManifestFormatException("a training manifest needs at least one dataset");
    }
    if (b.codeCommit == null) {
      throw new ManifestFormatException("a training manifest needs the code commit (git:<sha>)");
    }
    if (b.lockfile == null) {
      throw new ManifestFormatException("a training manifest needs the lock file digest");
    }
    if (b.containerImage == null) {
      throw new ManifestFormatException(
          "a training manifest needs the container image by digest (<repository>@sha256:<hex>)");
    }
    if (b.seeds.isEmpty()) {
      throw new ManifestFormatException("a training manifest needs at least one random seed");
    }
    this.subjects = sortedUnique("subject", b.subjects);
    this.datasets = sortedUnique("dataset", b.datasets);
    this.featureSchema = b.featureSchema;
    this.codeCommit = b.codeCommit;
    this.lockfile = b.lockfile;
    this.containerImage = b.containerImage;
    this.seeds = Collections.unmodifiableSortedMap(new TreeMap<>(b.seeds));
    this.libraries = Collections.unmodifiableSortedMap(new TreeMap<>(b.libraries));
    this.hardware = b.hardware != null ? b.hardware : HardwareFingerprint.capture();
    this.privacy = b.privacy;
    this.excludedRecordSets = sortedUniqueDigests(b.excludedRecordSets);
    this.createdAt =
        (b.createdAt != null ? b.createdAt : Instant.now()).truncatedTo(ChronoUnit.SECONDS);
  }

  private static List<ArtifactRef> sortedUnique(String what, List<ArtifactRef> refs) {
    List<ArtifactRef> sorted = new ArrayList<>(refs);
    Collections.sort(sorted);
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new ManifestFormatException(what + " listed twice: " + sorted.get(i).name());
      }
    }
    return List.copyOf(sorted);
  }

  private static List<Digest> sortedUniqueDigests(List<Digest> digests) {
    List<Digest> sorted = new ArrayList<>(digests);
    sorted.sort(Comparator.comparing(Digest::toString));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).equals(sorted.get(i - 1))) {
        throw new ManifestFormatException("excluded record set listed twice: " + sorted.get(i));
      }
    }
    return List.copyOf(sorted);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<ArtifactRef> subjects() {
    return subjects;
  }

  public List<ArtifactRef> datasets() {
    return datasets;
  }

  public Optional<ArtifactRef> featureSchema() {
    return Optional.ofNullable(featureSchema);
  }

  public NodeId codeCommit() {
    return codeCommit;
  }

  public ArtifactRef lockfile() {
    return lockfile;
  }

  public NodeId containerImage() {
    return containerImage;
  }

  public SortedMap<String, Long> seeds() {
    return seeds;
  }

  public SortedMap<String, String> libraries() {
    return libraries;
  }

  public HardwareFingerprint hardware() {
    return hardware;
  }

  public Optional<PrivacyParameters> privacy() {
    return Optional.ofNullable(privacy);
  }

  /**
   * The record sets (deletion requests' {@code RecordSet.digest}, the salted list) whose records
   * this run left out of its training data, in digest order; empty for a run that excluded nothing.
   * A retraining completion is accepted only when its run's manifest names the request's record set
   * here.
   */
  public List<Digest> excludedRecordSets() {
    return excludedRecordSets;
  }

  /** True when this run declares it trained without the records of {@code recordSet}. */
  public boolean excludes(Digest recordSet) {
    return excludedRecordSets.contains(recordSet);
  }

  public Instant createdAt() {
    return createdAt;
  }

  /** The canonical JSON of the statement. */
  public byte[] toJson() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode root = f.objectNode();
    root.put("_type", STATEMENT_TYPE);
    root.set("subject", refs(subjects));
    root.put("predicateType", PREDICATE_TYPE);
    ObjectNode p = root.putObject("predicate");
    p.set("datasets", refs(datasets));
    if (featureSchema != null) {
      p.set("featureSchema", ref(featureSchema));
    }
    p.put("codeCommit", codeCommit.toString());
    p.set("lockfile", ref(lockfile));
    p.put("containerImage", containerImage.toString());
    ObjectNode s = p.putObject("seeds");
    seeds.forEach(s::put);
    ObjectNode l = p.putObject("libraries");
    libraries.forEach(l::put);
    ObjectNode h = p.putObject("hardware");
    h.put("arch", hardware.arch());
    hardware.cpuModelName().ifPresent(m -> h.put("cpuModel", m));
    h.put("cpuCores", hardware.cpuCores());
    hardware.gpuTypeName().ifPresent(g -> h.put("gpuType", g));
    h.put("gpuCount", hardware.gpuCount());
    if (privacy != null) {
      ObjectNode pr = p.putObject("privacy");
      privacy.mechanismName().ifPresent(m -> pr.put("mechanism", m));
      pr.put("epsilon", privacy.epsilon());
      pr.put("delta", privacy.delta());
    }
    // absent, not empty, when nothing was excluded: a manifest from before the field keeps its
    // bytes
    if (!excludedRecordSets.isEmpty()) {
      ArrayNode excluded = p.putArray("excludedRecordSets");
      excludedRecordSets.forEach(d -> excluded.add(d.toString()));
    }
    p.put("createdAt", createdAt.toString());
    return CanonicalJson.write(root);
  }

  private static ArrayNode refs(List<ArtifactRef> refs) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    refs.forEach(r -> a.add(ref(r)));
    return a;
  }

  private static ObjectNode ref(ArtifactRef r) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("name", r.name());
    o.putObject("digest").put("sha256", r.digest().hex());
    return o;
  }

  /**
   * Reads a manifest back; unknown fields are ignored (a newer writer may add some), anything
   * required that is missing or malformed is refused with the field named.
   */
  public static TrainingManifest fromJson(byte[] json) {
    JsonNode root;
    try {
      root = READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ManifestFormatException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ManifestFormatException("manifest is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ManifestFormatException("manifest is not a JSON object");
    }
    try {
      expect(root, "_type", STATEMENT_TYPE);
      expect(root, "predicateType", PREDICATE_TYPE);
      JsonNode p = field(root, "predicate");
      Builder b = builder();
      for (JsonNode s : array(root, "subject")) {
        b.subject(readRef(s, "subject"));
      }
      for (JsonNode d : array(p, "datasets")) {
        b.dataset(readRef(d, "dataset"));
      }
      if (p.has("featureSchema")) {
        b.featureSchema(readRef(p.get("featureSchema"), "featureSchema"));
      }
      NodeId commit = NodeId.parse(text(p, "codeCommit"));
      if (commit.kind() != NodeId.Kind.GIT) {
        throw new ManifestFormatException("codeCommit must be git:<commit>");
      }
      b.codeCommit(commit);
      b.lockfile(readRef(field(p, "lockfile"), "lockfile"));
      b.containerImage(text(p, "containerImage"));
      for (Map.Entry<String, JsonNode> e : field(p, "seeds").properties()) {
        if (!e.getValue().canConvertToLong() || !e.getValue().isIntegralNumber()) {
          throw new ManifestFormatException("seed '" + e.getKey() + "' is not a 64-bit integer");
        }
        b.seed(e.getKey(), e.getValue().longValue());
      }
      if (p.has("libraries")) {
        for (Map.Entry<String, JsonNode> e : field(p, "libraries").properties()) {
          if (!e.getValue().isTextual()) {
            throw new ManifestFormatException("library '" + e.getKey() + "' version is not text");
          }
          b.library(e.getKey(), e.getValue().asText());
        }
      }
      JsonNode h = field(p, "hardware");
      b.hardware(
          new HardwareFingerprint(
              text(h, "arch"),
              h.has("cpuModel") ? text(h, "cpuModel") : null,
              integer(h, "cpuCores"),
              h.has("gpuType") ? text(h, "gpuType") : null,
              integer(h, "gpuCount")));
      if (p.has("privacy")) {
        JsonNode pr = field(p, "privacy");
        b.privacy(
            new PrivacyParameters(
                pr.has("mechanism") ? text(pr, "mechanism") : null,
                decimal(pr, "epsilon"),
                decimal(pr, "delta")));
      }
      if (p.has("excludedRecordSets")) {
        JsonNode excluded = array(p, "excludedRecordSets");
        for (int i = 0; i < excluded.size(); i++) {
          JsonNode d = excluded.get(i);
          if (!d.isTextual()) {
            throw new ManifestFormatException("excludedRecordSets[" + i + "] is not a string");
          }
          try {
            b.excludedRecordSet(Digest.parse(d.asText()));
          } catch (InvalidIdException e) {
            throw new ManifestFormatException(
                "excludedRecordSets[" + i + "] is not sha256:<64 lowercase hex>", e);
          }
        }
      }
      try {
        b.createdAt(Instant.parse(text(p, "createdAt")));
      } catch (DateTimeParseException e) {
        throw new ManifestFormatException("createdAt is not an ISO-8601 instant", e);
      }
      return b.build();
    } catch (InvalidIdException e) {
      throw new ManifestFormatException("manifest: " + e.getMessage(), e);
    }
  }

  private static void expect(JsonNode node, String field, String value) {
    String v = text(node, field);
    if (!v.equals(value)) {
      throw new ManifestFormatException(field + " is '" + v + "', expected " + value);
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isObject()) {
      throw new ManifestFormatException(
          "'" + name + "' is " + (v == null ? "missing" : "not an object"));
    }
    return v;
  }

  private static JsonNode array(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isArray()) {
      throw new ManifestFormatException(
          "'" + name + "' is " + (v == null ? "missing" : "not an array"));
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isTextual()) {
      throw new ManifestFormatException(
          "'" + name + "' is " + (v == null ? "missing" : "not a string"));
    }
    return v.asText();
  }

  private static int integer(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isInt()) {
      throw new ManifestFormatException("'" + name + "' is missing or not an integer");
    }
    return v.intValue();
  }

  private static BigDecimal decimal(JsonNode node, String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isNumber()) {
      throw new ManifestFormatException("'" + name + "' is missing or not a number");
    }
    return v.decimalValue();
  }

  private static ArtifactRef readRef(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new ManifestFormatException(what + " is not a {name, digest} object");
    }
    JsonNode digest = field(node, "digest");
    return new ArtifactRef(text(node, "name"), Digest.ofHex(text(digest, "sha256")));
  }

  /** Collects and validates the fields of a manifest. */
  public static final class Builder {
    private final List<ArtifactRef> subjects = new ArrayList<>();
    private final List<ArtifactRef> datasets = new ArrayList<>();
    private ArtifactRef featureSchema;
    private NodeId codeCommit;
    private ArtifactRef lockfile;
    private NodeId containerImage;
    private final SortedMap<String, Long> seeds = new TreeMap<>();
    private final SortedMap<String, String> libraries = new TreeMap<>();
    private HardwareFingerprint hardware;
    private PrivacyParameters privacy;
    private final List<Digest> excludedRecordSets = new ArrayList<>();
    private Instant createdAt;

    private Builder() {}

    /** A trained model. */
    public Builder subject(ArtifactRef model) {
      subjects.add(Objects.requireNonNull(model));
      return this;
    }

    public Builder subject(String name, Digest digest) {
      return subject(new ArtifactRef(name, digest));
    }

    public Builder dataset(ArtifactRef dataset) {
      datasets.add(Objects.requireNonNull(dataset));
      return this;
    }

    public Builder dataset(String name, Digest digest) {
      return dataset(new ArtifactRef(name, digest));
    }

    public Builder featureSchema(ArtifactRef schema) {
      this.featureSchema = schema;
      return this;
    }

    /** {@code git:<commit>} or the bare 40/64 hex commit. */
    public Builder codeCommit(String commit) {
      return codeCommit(
          commit.startsWith(NodeId.Kind.GIT.prefix()) ? NodeId.parse(commit) : NodeId.git(commit));
    }

    public Builder codeCommit(NodeId commit) {
      if (commit.kind() != NodeId.Kind.GIT) {
        throw new ManifestFormatException("code commit must be a git:<commit> id, got " + commit);
      }
      this.codeCommit = commit;
      return this;
    }

    public Builder lockfile(ArtifactRef lockfile) {
      this.lockfile = lockfile;
      return this;
    }

    /**
     * The container image by digest, as {@code repo[:tag]@sha256:<hex>} or {@code oci:...}; a
     * reference without a digest throws {@link dev.lineage.id.MutableReferenceException}.
     */
    public Builder containerImage(String reference) {
      this.containerImage = ImageReference.parse(reference);
      return this;
    }

    public Builder seed(String name, long value) {
      checkKey("seed name", name);
      seeds.put(name, value);
      return this;
    }

    public Builder library(String name, String version) {
      checkKey("library name", name);
      ArtifactRef.checkLabel("version of " + name, version, 128);
      libraries.put(name, version);
      return this;
    }

    /** Overrides the automatic capture, e.g. to record the fingerprint of another machine. */
    public Builder hardware(HardwareFingerprint hardware) {
      this.hardware = hardware;
      return this;
    }

    public Builder privacy(PrivacyParameters privacy) {
      this.privacy = privacy;
      return this;
    }

    /**
     * Declares that this run trained without the records of a deletion request's record set (its
     * {@code RecordSet.digest}, as the request and its triggers carry it).
     */
    public Builder excludedRecordSet(Digest recordSet) {
      excludedRecordSets.add(Objects.requireNonNull(recordSet, "recordSet"));
      return this;
    }

    /** Defaults to now; kept to the second. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public TrainingManifest build() {
      return new TrainingManifest(this);
    }

    private static void checkKey(String what, String key) {
      if (key == null || !KEY.matcher(key).matches()) {
        throw new ManifestFormatException(
            what
                + " '"
                + key
                + "' refused: use ASCII letters, digits, '.', '_', '+', '-' (at most 128)");
      }
    }
  }
}
