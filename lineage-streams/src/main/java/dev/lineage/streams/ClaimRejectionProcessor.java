package dev.lineage.streams;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.ownership.Registration;
import dev.lineage.runtime.RejectedHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a registration refused by an ownership check back into its original key and value, with the
 * why and where it came from in the headers: what {@link RejectionProcessor} does for a
 * verification refusal.
 */
final class ClaimRejectionProcessor implements Processor<String, Registration, byte[], byte[]> {
  private final EventMetrics metrics;
  private ProcessorContext<byte[], byte[]> context;

  ClaimRejectionProcessor(EventMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Registration> record) {
    Registration r = record.value();
    metrics.rejected(r.rejection().reason());
    context.forward(
        new Record<>(
            r.key(),
            r.value(),
            record.timestamp(),
            RejectedHeaders.of(
                record.headers(),
                r.rejection().reason(),
                r.rejection().detail(),
                r.topic(),
                r.partition(),
                r.offset())));
  }
}
