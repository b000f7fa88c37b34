package dev.lineage.evidence;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.avro.RunCompleted;
import dev.lineage.governance.ApprovalRecord;
import dev.lineage.governance.ApproverCheck;
import dev.lineage.governance.DeploymentGate;
import dev.lineage.governance.DeploymentVerdict;
import dev.lineage.governance.GateReason;
import dev.lineage.governance.ModelProvenance;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.manifest.ArtifactRef;
import dev.lineage.manifest.SignedManifests;
import dev.lineage.obligations.ObligationEvents;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.DsseSignature;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Verifier;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.LogPolicy;
import dev.lineage.tlog.checkpoint.SignedCheckpoint;
import dev.lineage.tlog.checkpoint.TlogProof;
import dev.lineage.tlog.checkpoint.TlogProofException;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.Rfc6962;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.NoteVerifier;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.translog.LogLeaf;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.Decision;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.KeyHistory;
import dev.lineage.trust.KeyLog;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.trust.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks an {@link EvidenceBundle} offline, trusting only the log key, the trust roots and the
 * witnesses' keys; the first thing that fails is reported, naming the entry (its envelope digest
 * and leaf index):
 *
 * <ol>
 *   <li>the checkpoint: signed by the log key, of the log key's origin, cosigned by at least k of
 *       the given witnesses (an invalid cosignature by a known witness is refused outright);
 *   <li>each entry: its envelope hashes to the digest its leaf names, and the leaf is included at
 *       its index in the checkpoint's tree (RFC 6962 inclusion proof); no index or envelope twice;
 *   <li>the keyring: the bundled key events, in log order, each admitted by the rules the apps
 *       apply ({@link KeyLog}) from the trust roots;
 *   <li>each other envelope: signed by a key that held the role its topic and type require at its
 *       append time (the leaf's: the broker's, not the signer's), within the clock skew;
 *   <li>the story: the model's registration, a run that outputs it, every input of every run on the
 *       way up registered or produced by a bundled event (a dropped event breaks the chain), each
 *       producing run's training manifest (its bytes, a PRODUCER signature, the model as its
 *       subject), approvals and triggers that name this model;
 *   <li>the deployment verdict, decided again from these facts by the gate's own rules ({@link
 *       DeploymentGate}).
 * </ol>
 *
 * <p>What a bundle cannot show is absence: an event left out that nothing bundled points at (an
 * approval, a revocation, a deletion request) is not detected from the bundle alone.
 */
public final class EvidenceVerifier {
  /** Why a bundle does not verify; the message says which entry and what. */
  public static final class EvidenceException extends Exception {
    private static final long serialVersionUID = 1L;

    public EvidenceException(String message) {
      super(message);
    }
  }

  /** What verified: the checkpoint, who cosigned, the story and the gate's verdict. */
  public record Report(
      String origin,
      long treeSize,
      List<String> cosigners,
      int entries,
      Map<String, Integer> bySource,
      List<String> producingRuns,
      int upstreamNodes,
      List<String> manifests,
      DeploymentVerdict verdict) {}

  private static final Map<String, Map<EventType<?>, Set<Role>>> RULES = rules();

  private final NoteVerifier logKey;
  private final TrustAnchors roots;
  private final List<NoteVerifier> witnesses;
  private final int quorum;
  private final ClockSkew skew;

  public EvidenceVerifier(
      NoteVerifier logKey,
      TrustAnchors roots,
      List<NoteVerifier> witnesses,
      int quorum,
      ClockSkew skew) {
    this.logKey = Objects.requireNonNull(logKey, "logKey");
    this.roots = Objects.requireNonNull(roots, "roots");
    this.witnesses = List.copyOf(witnesses);
    this.quorum = quorum;
    this.skew = Objects.requireNonNull(skew, "skew");
    if (quorum < 0 || quorum > this.witnesses.size()) {
      throw new IllegalArgumentException(
          "witnesses required ("
              + quorum
              + ") must be between 0 and the number of witness keys given ("
              + this.witnesses.size()
              + ")");
    }
  }

  private record Checked(
      int position, EvidenceBundle.Entry entry, byte[] value, LogLeaf leaf, String digest) {
    String name() {
      return "entry "
          + position
          + " ("
          + digest
          + ", leaf "
          + entry.index()
          + ", "
          + leaf.source()
          + ")";
    }
  }

  public Report verify(EvidenceBundle bundle) throws EvidenceException {
    if (!EvidenceBundle.FORMAT.equals(bundle.format())) {
      throw new EvidenceException(
          "format is \"" + bundle.format() + "\", this verifier reads " + EvidenceBundle.FORMAT);
    }
    String model = bundle.model();
    if (model == null || !Digest.isValid(model)) {
      throw new EvidenceException("model is not a digest (sha256:<64 lowercase hex>)");
    }

    // 1. the checkpoint
    if (bundle.checkpoint() == null) {
      throw new EvidenceException("checkpoint: missing");
    }
    SignedNote note;
    SignedCheckpoint cp;
    try {
      note = SignedNote.parse(bundle.checkpoint());
      cp = Checkpoint.open(note, List.of(logKey));
    } catch (NoteVerificationException | IllegalArgumentException e) {
      throw new EvidenceException(
          "checkpoint: not a checkpoint signed by the log key "
              + logKey.name()
              + ": "
              + e.getMessage());
    }
    LogPolicy policy = new LogPolicy(logKey.name(), List.of(logKey), witnesses, quorum);
    if (bundle.entries().isEmpty()) {
      throw new EvidenceException("the bundle holds no entries");
    }

    // 2. every entry: its digest, its leaf, its inclusion
    List<Checked> entries = new ArrayList<>();
    Set<Long> indices = new HashSet<>();
    Set<String> digests = new HashSet<>();
    int position = 0;
    for (EvidenceBundle.Entry e : bundle.entries()) {
      String at = "entry " + position + " (leaf " + e.index() + ")";
      if (e.envelope() == null || e.leaf() == null) {
        throw new EvidenceException(at + ": no envelope or no leaf");
      }
      byte[] value;
      try {
        value = Base64.getDecoder().decode(e.envelope());
      } catch (IllegalArgumentException x) {
        throw new EvidenceException(at + ": the envelope is not base64");
      }
      byte[] leafBytes = e.leaf().getBytes(StandardCharsets.US_ASCII);
      LogLeaf leaf;
      try {
        leaf = LogLeaf.parse(leafBytes);
      } catch (IllegalArgumentException x) {
        throw new EvidenceException(at + ": not a leaf: " + x.getMessage());
      }
      String digest = AvroEnvelopes.digest(value).toString();
      if (!digest.equals(leaf.envelopeDigest())) {
        throw new EvidenceException(
            at
                + ": the envelope hashes to "
                + digest
                + " but its leaf names "
                + leaf.envelopeDigest()
                + " (the envelope was altered)");
      }
      Checked c = new Checked(position, e, value, leaf, digest);
      if (!indices.add(e.index()) || !digests.add(digest)) {
        throw new EvidenceException(c.name() + ": the bundle holds this leaf or envelope twice");
      }
      List<Hash> proof = new ArrayList<>();
      try {
        for (String h : e.proof()) {
          proof.add(Hash.fromBase64(h));
        }
      } catch (IllegalArgumentException x) {
        throw new EvidenceException(c.name() + ": its proof holds a hash that is not one");
      }
      try {
        new TlogProof(e.index(), proof, note).verify(Rfc6962.leafHash(leafBytes), policy);
      } catch (TlogProofException x) {
        if (x.reason() == TlogProofException.Reason.INCLUSION) {
          throw new EvidenceException(
              c.name()
                  + ": not in the log at checkpoint size "
                  + cp.checkpoint().size()
                  + " ("
                  + x.getMessage()
                  + ")");
        }
        throw new EvidenceException("checkpoint: " + x.getMessage());
      } catch (IllegalArgumentException x) {
        throw new EvidenceException(c.name() + ": " + x.getMessage());
      }
      entries.add(c);
      position++;
    }
    entries.sort(Comparator.comparingLong(c -> c.entry().index()));

    // 3. the keyring, from the bundled key events in log order
    KeyLog keys = new KeyLog(roots, skew);
    for (Checked c : entries) {
      if (c.leaf().source().equals("keys")) {
        Decision d = keys.add(c.value(), c.leaf().appendedAt());
        if (d instanceof Decision.Rejected r) {
          throw new EvidenceException(
              c.name()
                  + ": the key event is not admitted ("
                  + r.reason().wire()
                  + ": "
                  + r.detail()
                  + ")");
        }
      }
    }

    // 4. every other envelope, under its topic's rule at its append time
    EventVerifier verifier = new EventVerifier(keys.keyring(), skew);
    Map<Checked, Verdict> verdicts = new LinkedHashMap<>();
    Map<String, Integer> bySource = new TreeMap<>();
    for (Checked c : entries) {
      bySource.merge(c.leaf().source(), 1, Integer::sum);
      if (c.leaf().source().equals("keys")) {
        continue;
      }
      Map<EventType<?>, Set<Role>> rule = RULES.get(c.leaf().source());
      if (rule == null) {
        throw new EvidenceException(
            c.name()
                + ": a bundle of "
                + EvidenceBundle.FORMAT
                + " holds no events of "
                + c.leaf().source());
      }
      Verdict v = verify(verifier, rule, c);
      if (!v.accepted()) {
        throw new EvidenceException(
            c.name() + ": " + v.rejection().reason().wire() + ": " + v.rejection().detail());
      }
      verdicts.put(c, v);
    }

    // 5. the story
    Map<String, Checked> registrations = new HashMap<>();
    Map<String, List<Checked>> producers = new HashMap<>();
    List<Checked> approvals = new ArrayList<>();
    for (var e : verdicts.entrySet()) {
      Checked c = e.getKey();
      Object event = e.getValue().event();
      if (event instanceof ArtifactRegistered a) {
        registrations.putIfAbsent(a.getNodeId(), c);
      } else if (event instanceof RunCompleted r) {
        for (String out : r.getOutputs()) {
          producers.computeIfAbsent(out, k -> new ArrayList<>()).add(c);
        }
      } else if (event instanceof DeploymentApproved a) {
        if (!a.getModelDigest().equals(model)) {
          throw new EvidenceException(
              c.name() + ": the approval names " + a.getModelDigest() + ", not the model " + model);
        }
        approvals.add(c);
      } else if (event instanceof RetrainingTriggered t && !t.getModelId().equals(model)) {
        throw new EvidenceException(
            c.name() + ": the trigger names " + t.getModelId() + ", not the model " + model);
      }
    }
    if (!registrations.containsKey(model)) {
      throw new EvidenceException("no entry registers the model " + model);
    }
    List<Checked> producing = producers.getOrDefault(model, List.of());
    if (producing.isEmpty()) {
      throw new EvidenceException("no entry is a run that outputs the model " + model);
    }
    Set<String> upstream = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(model));
    while (!todo.isEmpty()) {
      String node = todo.pop();
      if (!upstream.add(node)) {
        continue;
      }
      for (Checked run : producers.getOrDefault(node, List.of())) {
        RunCompleted r = (RunCompleted) verdicts.get(run).event();
        for (String input : r.getInputs()) {
          if (!registrations.containsKey(input) && !producers.containsKey(input)) {
            throw new EvidenceException(
                run.name()
                    + ": the run "
                    + r.getRunId()
                    + " names the input "
                    + input
                    + ", which no entry registers or produces (an event on the path to the"
                    + " model's sources is missing)");
          }
          todo.add(input);
        }
      }
    }

    // manifests of the producing runs
    Map<String, byte[]> manifests = new HashMap<>();
    for (EvidenceBundle.Manifest m : bundle.manifests()) {
      if (m.digest() == null || m.envelope() == null) {
        throw new EvidenceException("a manifest without a digest or an envelope");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(m.envelope());
      } catch (IllegalArgumentException x) {
        throw new EvidenceException("manifest " + m.digest() + ": not base64");
      }
      String actual = Sha256.of(bytes).toString();
      if (!actual.equals(m.digest())) {
        throw new EvidenceException(
            "manifest "
                + m.digest()
                + ": its bytes hash to "
                + actual
                + " (the manifest was altered)");
      }
      manifests.put(actual, bytes);
    }
    List<String> checkedManifests = new ArrayList<>();
    List<ModelProvenance.ProducingRun> runs = new ArrayList<>();
    for (Checked run : producing) {
      Verdict v = verdicts.get(run);
      RunCompleted r = (RunCompleted) v.event();
      String manifest = r.getManifestDigest();
      runs.add(new ModelProvenance.ProducingRun(r.getRunId(), v.signer(), manifest));
      if (manifest == null) {
        continue;
      }
      byte[] bytes = manifests.get(manifest);
      if (bytes == null) {
        throw new EvidenceException(
            run.name()
                + ": the run names the training manifest "
                + manifest
                + ", which the bundle does not hold");
      }
      checkManifest(run, manifest, bytes, model, keys);
      checkedManifests.add(manifest);
    }

    // 6. the deployment verdict, from these facts
    Map<String, String> registrants = new HashMap<>();
    for (var e : registrations.entrySet()) {
      registrants.put(e.getKey(), verdicts.get(e.getValue()).signer());
    }
    List<ApprovalRecord> decisions = new ArrayList<>();
    for (Checked c : approvals) {
      Verdict v = verdicts.get(c);
      decisions.add(
          ApprovalRecord.of(
              (DeploymentApproved) v.event(),
              v.signer(),
              c.digest(),
              c.leaf().appendedAt(),
              c.value()));
    }
    DeploymentVerdict verdict =
        DeploymentGate.evaluate(
            model,
            decisions,
            new ModelProvenance(runs, registrants),
            ApproverCheck.keyring(keys.keyring(), skew));

    List<String> cosigners = new ArrayList<>();
    try {
      for (var s : note.verify(witnesses).verified()) {
        cosigners.add(s.name());
      }
    } catch (NoteVerificationException e) {
      // the tlog-proof check above already counted them; none verifies here
    }
    return new Report(
        cp.checkpoint().origin(),
        cp.checkpoint().size(),
        cosigners,
        entries.size(),
        bySource,
        producing.stream().map(c -> ((RunCompleted) verdicts.get(c).event()).getRunId()).toList(),
        upstream.size(),
        checkedManifests,
        verdict);
  }

  private static Verdict verify(
      EventVerifier verifier, Map<EventType<?>, Set<Role>> rule, Checked c) {
    if (c.leaf().source().equals("obligations")) {
      // one role per type: a completion a PRODUCER's, an assessment an APPROVER's, ...
      return verifier.verify(ObligationEvents.SIGNER_ROLES, c.value(), c.leaf().appendedAt());
    }
    Set<Role> roles = new HashSet<>();
    rule.values().forEach(roles::addAll);
    return verifier.verify(List.copyOf(rule.keySet()), roles, c.value(), c.leaf().appendedAt());
  }

  /** The manifest's PRODUCER signature at the run's append time, and the model its subject. */
  private static void checkManifest(
      Checked run, String digest, byte[] bytes, String model, KeyLog keys)
      throws EvidenceException {
    String at = run.name() + ": its training manifest " + digest;
    DsseEnvelope env;
    try {
      env = DsseEnvelope.fromJson(bytes);
    } catch (RuntimeException e) {
      throw new EvidenceException(at + " is not a DSSE envelope");
    }
    List<PublicKey> trusted = new ArrayList<>();
    for (DsseSignature s : env.signatures()) {
      if (!keys.keyring().holds(s.keyid(), Role.PRODUCER, run.leaf().appendedAt())) {
        continue;
      }
      Optional<String> pem = keys.history(s.keyid()).flatMap(KeyHistory::publicKeyPem);
      if (pem.isPresent()) {
        try {
          trusted.add(KeyPairs.parsePublicKey(pem.get(), "key " + s.keyid()));
        } catch (IOException e) {
          throw new EvidenceException(at + ": key " + s.keyid() + " is unreadable");
        }
      }
    }
    if (trusted.isEmpty()) {
      throw new EvidenceException(
          at + " is signed by no key that held PRODUCER when the run was appended");
    }
    SignedManifests.VerifiedManifest verified;
    try {
      verified = SignedManifests.verify(env, new Verifier(trusted));
    } catch (RuntimeException e) {
      throw new EvidenceException(at + ": " + e.getMessage());
    }
    boolean subject = false;
    for (ArtifactRef ref : verified.manifest().subjects()) {
      subject |= ref.digest().toString().equals(model);
    }
    if (!subject) {
      throw new EvidenceException(at + " does not name the model as its subject");
    }
  }

  private static Map<String, Map<EventType<?>, Set<Role>>> rules() {
    Map<String, Map<EventType<?>, Set<Role>>> r = new HashMap<>();
    r.put("artifacts", Map.of(EventType.ARTIFACT_REGISTERED, Set.of(Role.PRODUCER)));
    r.put(
        "runs",
        Map.of(
            EventType.RUN_COMPLETED,
            Set.of(Role.PRODUCER),
            EventType.EQUIVALENCE_ATTESTED,
            Set.of(Role.PRODUCER)));
    r.put("approvals", Map.of(EventType.DEPLOYMENT_APPROVED, Set.of(Role.APPROVER)));
    r.put("deletion-requests", Map.of(EventType.DELETION_REQUESTED, Set.of(Role.GDPR_REQUESTER)));
    r.put("bug-reports", Map.of(EventType.BUG_REPORTED, Set.of(Role.PRODUCER, Role.ADMIN)));
    r.put(
        "retraining-triggers", Map.of(EventType.RETRAINING_TRIGGERED, Set.of(Role.IMPACT_SERVICE)));
    r.put("impact-reports", Map.of(EventType.IMPACT_REPORT, Set.of(Role.IMPACT_SERVICE)));
    Map<EventType<?>, Set<Role>> obligations = new HashMap<>();
    ObligationEvents.SIGNER_ROLES.forEach((t, role) -> obligations.put(t, Set.of(role)));
    r.put("obligations", obligations);
    return Map.copyOf(r);
  }

  /** The reasons the gate gave, one a line, for printing. */
  public static List<String> reasons(DeploymentVerdict verdict) {
    List<String> out = new ArrayList<>();
    for (GateReason g : verdict.reasons()) {
      out.add(g.code() + ": " + g.detail());
    }
    return out;
  }
}
