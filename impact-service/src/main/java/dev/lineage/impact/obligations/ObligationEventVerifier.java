package dev.lineage.impact.obligations;

import dev.lineage.obligations.ObligationEvents;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.ParkedRecord;
import dev.lineage.runtime.ParkingProcessor;
import dev.lineage.trust.ClockSkew;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Checks one record of the obligations topic: signed by a key that held, when the broker appended
 * it, the role its event type needs ({@link ObligationEvents#SIGNER_ROLES}: a completion a
 * PRODUCER, an assessment an APPROVER, an erasure fact the IMPACT_SERVICE), within the clock skew,
 * by the readers' rules. Passes on a {@link Checked} whatever the verdict, so an {@code
 * unknown-key} refusal can wait for its grant. The record key is never read.
 */
public final class ObligationEventVerifier implements Processor<byte[], byte[], byte[], Checked> {
  private final TrustAnchors roots;
  private final ClockSkew skew;
  private ProcessorContext<byte[], Checked> context;
  private EventVerifier verifier;

  public ObligationEventVerifier(TrustAnchors roots, ClockSkew skew) {
    this.roots = roots;
    this.skew = skew;
  }

  @Override
  public void init(ProcessorContext<byte[], Checked> context) {
    this.context = context;
    this.verifier = new EventVerifier(new Keyring(roots, keyring(context)), skew);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    // the obligations topic uses LogAppendTime: the record timestamp is the broker's append time
    context.forward(
        record.withValue(
            new Checked(
                record.value(),
                meta.topic(),
                meta.partition(),
                meta.offset(),
                verifier.verify(
                    ObligationEvents.SIGNER_ROLES, record.value(), record.timestamp()))));
  }

  /** Checks a parked record again, as it was checked first. */
  public static ParkingProcessor.Recheck recheck(
      TrustAnchors roots, ClockSkew skew, ProcessorContext<?, ?> context) {
    KeyringStore keyring = keyring(context);
    EventVerifier verifier = new EventVerifier(new Keyring(roots, keyring), skew);
    return new ParkingProcessor.Recheck() {
      @Override
      public Optional<dev.lineage.trust.Verdict> recheck(ParkedRecord parked) {
        return Optional.of(
            verifier.verify(ObligationEvents.SIGNER_ROLES, parked.value(), parked.timestamp()));
      }

      @Override
      public long trustVersion() {
        return keyring.version();
      }
    };
  }

  private static KeyringStore keyring(ProcessorContext<?, ?> context) {
    ReadOnlyKeyValueStore<String, KeyringEntry> store = context.getStateStore(KeyringStore.STORE);
    return new KeyringStore(store);
  }
}
