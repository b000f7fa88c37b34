package dev.lineage.governance;

import dev.lineage.avro.DeploymentApproved;
import dev.lineage.runtime.Checked;
import dev.lineage.stores.JsonSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Governance's own sub-topology: accepted, verified {@code DeploymentApproved} events keyed by the
 * model digest they name and folded into {@link ApprovalStores#STORE}, where the deployment gate
 * reads them. {@code LineageTopology} verifies the approvals topic with the other event topics and
 * hands the accepted approvals here; node, store and repartition names are the ones the topology
 * always had, so an existing application's state and internal topics carry over.
 */
public final class GovernanceTopology {
  private GovernanceTopology() {}

  /** Adds the approvals store and the fold of {@code approvals} (verified, accepted) to it. */
  public static void addTo(StreamsBuilder builder, KStream<byte[], Checked> approvals) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ApprovalStores.STORE),
                Serdes.String(),
                JsonSerde.of(ApprovalRecord.class))
            .withCachingEnabled());
    approvals
        .map(
            (key, c) -> {
              DeploymentApproved event = (DeploymentApproved) c.verdict().event();
              return KeyValue.pair(
                  event.getModelDigest(),
                  ApprovalRecord.of(
                      event,
                      c.verdict().signer(),
                      c.verdict().envelopeDigest(),
                      c.verdict().appendedAt(),
                      c.rawValue()));
            },
            Named.as("approval-by-model"))
        .repartition(
            Repartitioned.with(Serdes.String(), JsonSerde.of(ApprovalRecord.class))
                .withName(ApprovalStores.REPARTITION))
        .process(ApprovalFoldProcessor::new, Named.as("approvals-fold"), ApprovalStores.STORE);
  }
}
