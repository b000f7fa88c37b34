package dev.lineage.explorer;

import dev.lineage.api.NodeDetails;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cas.ContentStore;
import dev.lineage.cas.Tombstone;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EventType;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.Verdict;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a node's content was erased for a deletion request (issue 14), for {@code GET
 * /v1/nodes/{id}}: the CAS the explorer reads ({@code lineage.cas}) keeps a tombstone with the
 * signed {@code SnapshotErased}, and the node is marked only when that envelope verifies as the
 * obligations topic's readers check it — signed by a key that held {@code IMPACT_SERVICE} when the
 * content was erased (the tombstone keeps no broker append time: the fact's own time, which the
 * impact service sets to its signing time) — and names this digest and the tombstone's request. A
 * tombstone without a signed fact (a record list moved by a migration) or whose fact does not
 * verify marks nothing, and is logged.
 *
 * <p>Decision: lineage-streams learns it from the tombstone rather than from a store fed by {@code
 * lineage.obligations}: the node view then needs no new topic, store or instance-to-instance call
 * (any instance answers for any node), and it shows exactly what a read of the content answers (410
 * naming the same request). Without a CAS nothing is marked.
 */
public final class SnapshotErasures implements Function<String, Optional<NodeDetails.Erased>> {
  private static final Logger log = LoggerFactory.getLogger(SnapshotErasures.class);
  private static final Map<EventType<?>, Role> SIGNER =
      Map.of(EventType.SNAPSHOT_ERASED, Role.IMPACT_SERVICE);

  private final Optional<ContentStore> cas;
  private final Supplier<Keyring> keyring;
  private final ClockSkew skew;

  /**
   * @param keyring a keyring per call (it caches and is not thread-safe)
   */
  public SnapshotErasures(Optional<ContentStore> cas, Supplier<Keyring> keyring, ClockSkew skew) {
    this.cas = cas;
    this.keyring = keyring;
    this.skew = skew;
  }

  @Override
  public Optional<NodeDetails.Erased> apply(String id) {
    if (cas.isEmpty() || !Digest.isValid(id)) {
      return Optional.empty();
    }
    Optional<Tombstone> tombstone;
    try {
      tombstone = cas.get().erasure(Digest.parse(id));
    } catch (IOException e) {
      log.warn("the tombstone of {} cannot be read: {}", id, e.toString());
      return Optional.empty();
    }
    if (tombstone.isEmpty() || tombstone.get().fact().signedEnvelope() == null) {
      return Optional.empty();
    }
    Tombstone t = tombstone.get();
    Verdict v =
        new EventVerifier(keyring.get(), skew)
            .verify(SIGNER, t.fact().signedEnvelope(), t.fact().erasedAt().toEpochMilli());
    if (!v.accepted()) {
      log.warn(
          "the erasure fact of {} does not verify ({}): not marked erased",
          id,
          v.rejection().reason().wire());
      return Optional.empty();
    }
    SnapshotErased fact = (SnapshotErased) v.event();
    boolean names =
        fact.getRequestId().equals(t.fact().requestId())
            && fact.getSnapshots().stream().map(ErasedSnapshot::getDigest).anyMatch(id::equals);
    if (!names) {
      log.warn("the erasure fact of {} names another request or other snapshots", id);
      return Optional.empty();
    }
    return Optional.of(
        new NodeDetails.Erased(
            fact.getRequestId(), fact.getErasedAt().toString(), v.envelopeDigest()));
  }
}
