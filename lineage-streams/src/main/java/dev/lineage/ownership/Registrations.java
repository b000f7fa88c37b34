package dev.lineage.ownership;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.RunCompleted;
import dev.lineage.graph.GraphFold;
import dev.lineage.graph.GraphOp;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.id.NodeId;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.trust.Verdict;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.KeyValue;

/** Turns an accepted graph event into the {@link Registration} the ownership checks pass on. */
public final class Registrations {
  private Registrations() {}

  /**
   * The registration of an accepted event read from {@code topic}/{@code partition}@{@code offset}
   * with record key {@code key} and value {@code value}.
   */
  public static Registration of(
      Verdict accepted, byte[] key, byte[] value, String topic, int partition, long offset) {
    if (!accepted.accepted()) {
      throw new IllegalArgumentException("only an accepted event registers anything");
    }
    SpecificRecordBase event = accepted.event();
    String id = null;
    String name = null;
    String content = null;
    if (event instanceof ArtifactRegistered a) {
      id = NodeId.parse(a.getNodeId()).toString();
      name = a.getName();
      content =
          digest(
              EventType.ARTIFACT_REGISTERED.encode(
                  ArtifactRegistered.newBuilder(a).setSignedAt(Instant.EPOCH).build()));
    } else if (event instanceof RunCompleted r) {
      id = NodeId.parse(r.getRunId()).toString();
      content =
          digest(
              EventType.RUN_COMPLETED.encode(
                  RunCompleted.newBuilder(r).setSignedAt(Instant.EPOCH).build()));
    }
    return new Registration(
        id,
        name,
        content,
        accepted.signer(),
        accepted.envelopeDigest(),
        accepted.appendedAt(),
        key,
        value,
        topic,
        partition,
        offset,
        null,
        false);
  }

  /**
   * The store operations of a registration whose claims hold, derived again from its verified
   * record value (decoding is cheaper than carrying them through two repartition topics); for a
   * {@linkplain Registration#retracted() retraction}, the operations that take them back out.
   */
  public static List<KeyValue<String, GraphOp>> operations(Registration held) {
    SpecificRecordBase event = EventType.decodeAny(EnvelopeCodec.standard().decode(held.value()));
    List<KeyValue<String, GraphOp>> ops =
        GraphFold.operations(event, held.signer(), held.envelope(), held.appendedAt());
    if (!held.retracted()) {
      return ops;
    }
    return ops.stream().map(op -> KeyValue.pair(op.key, op.value.retraction())).toList();
  }

  private static String digest(byte[] bytes) {
    return Digest.of(Sha256.newDigest().digest(bytes)).toString();
  }
}
