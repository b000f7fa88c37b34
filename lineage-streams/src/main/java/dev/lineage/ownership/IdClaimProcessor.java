package dev.lineage.ownership;

import dev.lineage.schemas.Reason;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds the claims on node ids, in the partition that owns each id: the first registration of an id
 * in append order owns it for ever (signer, kind and content: for a run its inputs, outputs,
 * manifest and process). The owner re-sending the same envelope passes on (a replay folds to
 * nothing new), the same facts in a new envelope change nothing, anything else is refused {@code
 * conflict}, naming the owner's key.
 *
 * <p>Append order is the order of one source partition: a registration outside the partition its id
 * belongs in (see {@link SourcePartitions}) is refused {@code misrouted}, so a key holder cannot
 * race an owner's registration from another partition, and a rebuild decides as the live run did.
 *
 * <p>Refusals are forwarded with their reason set, for the rejected topic; nothing refused changes
 * the graph. The store is changelogged and written in the same transaction as the output.
 */
public final class IdClaimProcessor
    implements Processor<String, Registration, String, Registration> {
  private final String storeName;
  private final SourcePartitions partitions;
  private ProcessorContext<String, Registration> context;
  private KeyValueStore<String, Claim> claims;

  public IdClaimProcessor(String storeName, SourcePartitions partitions) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.partitions = Objects.requireNonNull(partitions, "partitions");
  }

  @Override
  public void init(ProcessorContext<String, Registration> context) {
    this.context = context;
    this.claims = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Registration> record) {
    Registration r = record.value();
    if (r.rejected() || r.id() == null) {
      // refused earlier, or claims no id (an attestation)
      context.forward(record);
      return;
    }
    int home = partitions.of(r.topic(), r.id());
    if (r.partition() != home) {
      context.forward(
          record.withValue(
              r.refuse(
                  Reason.MISROUTED,
                  "registrations of this id belong in partition "
                      + home
                      + " of "
                      + partitions.count(r.topic())
                      + ", keyed by the id with Kafka's default (murmur2) partitioner")));
      return;
    }
    Claim owner = claims.get(r.id());
    if (owner == null) {
      claims.put(r.id(), new Claim(r.signer(), r.content(), r.envelope(), r.appendedAt()));
      context.forward(record);
      return;
    }
    boolean sameFacts = owner.signer().equals(r.signer()) && owner.content().equals(r.content());
    if (sameFacts && owner.envelope().equals(r.envelope())) {
      context.forward(record);
    } else if (!sameFacts) {
      context.forward(
          record.withValue(
              r.refuse(
                  Reason.CONFLICT,
                  "the id is owned by key "
                      + owner.signer()
                      + Claim.since(owner)
                      + (owner.signer().equals(r.signer())
                          ? "; its owner cannot change what it registered"
                          : "; another key cannot re-register it"))));
    }
    // the owner re-sending the same facts in a new envelope: nothing to change
  }
}
