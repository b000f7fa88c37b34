package dev.lineage.ownership;

import dev.lineage.schemas.Reason;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Holds the claims on artifact names, in the partition that owns each name: a name belongs to the
 * key whose registration under it was appended first (append time, then envelope digest). The owner
 * may register more versions and digests under it; another key is refused {@code name-taken}.
 *
 * <p>Registrations of one name come from many source partitions (one per digest), so they can reach
 * this processor in another order than they were appended: a stream thread may read one partition
 * ahead of another, above all in a rebuild. So every registration under a name is kept (the
 * holdings store), and the graph holds exactly the owner's: when a registration by another key
 * arrives that was appended before the owner's first one, its key is the real owner; what the
 * previous owner folded is taken back out of the graph and refused {@code name-taken}, and what the
 * new owner registered before (refused then) folds. Whatever the arrival order, the stores end up
 * the same; only the rejected topic may carry a refusal that a later, earlier-appended registration
 * overturned.
 */
public final class NameClaimProcessor
    implements Processor<String, Registration, String, Registration> {
  private static final StringSerializer KEYS = new StringSerializer();

  private final String claimsStore;
  private final String holdingsStore;
  private ProcessorContext<String, Registration> context;
  private KeyValueStore<String, Claim> claims;
  private KeyValueStore<String, Registration> holdings;

  public NameClaimProcessor(String claimsStore, String holdingsStore) {
    this.claimsStore = Objects.requireNonNull(claimsStore, "claimsStore");
    this.holdingsStore = Objects.requireNonNull(holdingsStore, "holdingsStore");
  }

  @Override
  public void init(ProcessorContext<String, Registration> context) {
    this.context = context;
    this.claims = context.getStateStore(claimsStore);
    this.holdings = context.getStateStore(holdingsStore);
  }

  @Override
  public void process(Record<String, Registration> record) {
    Registration r = record.value();
    String name = r.name();
    if (r.rejected() || name == null) {
      // refused earlier, or claims no name (a run, an attestation)
      context.forward(record);
      return;
    }
    Claim owner = claims.get(name);
    if (owner == null || r.appendedBefore(owner.appendedAt(), owner.envelope())) {
      Claim first = new Claim(r.signer(), null, r.envelope(), r.appendedAt());
      claims.put(name, first);
      if (owner != null && !owner.signer().equals(r.signer())) {
        handOver(record, name, owner.signer(), first);
      }
      holdings.put(holdingKey(name, r.envelope()), r);
      context.forward(record);
    } else {
      holdings.put(holdingKey(name, r.envelope()), r);
      context.forward(
          owner.signer().equals(r.signer())
              ? record
              : record.withValue(r.refuse(Reason.NAME_TAKEN, taken(owner))));
    }
  }

  /**
   * The name passes from key {@code previous} to the key of {@code first}, appended before all of
   * the previous owner's registrations: those are taken back out and refused, and the new owner's
   * earlier refused ones fold.
   */
  private void handOver(
      Record<String, Registration> record, String name, String previous, Claim first) {
    try (KeyValueIterator<String, Registration> held =
        holdings.prefixScan(holdingKey(name, ""), KEYS)) {
      while (held.hasNext()) {
        Registration h = held.next().value;
        if (h.signer().equals(previous)) {
          context.forward(record.withValue(h.retraction()));
          context.forward(record.withValue(h.refuse(Reason.NAME_TAKEN, taken(first))));
        } else if (h.signer().equals(first.signer())) {
          context.forward(record.withValue(h));
        }
      }
    }
  }

  /**
   * Why a registration under a taken name is refused. Details name key ids and times only, never a
   * field of the refused event, and stay under the rejected topic's 200 characters.
   */
  private static String taken(Claim owner) {
    return "the name belongs to key "
        + owner.signer()
        + ", whose registration under it was appended first"
        + Claim.since(owner)
        + "; another key cannot use it";
  }

  /** {@code <name>\0<envelope digest>}: a name's holdings are one prefix scan. */
  private static String holdingKey(String name, String envelope) {
    return name + '\0' + envelope;
  }
}
