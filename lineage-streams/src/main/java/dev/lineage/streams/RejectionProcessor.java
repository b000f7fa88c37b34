package dev.lineage.streams;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.Checked;
import dev.lineage.runtime.RejectedHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Turns a refused record back into its original key and value, with the why in its headers. */
final class RejectionProcessor implements Processor<byte[], Checked, byte[], byte[]> {
  private final EventMetrics metrics;
  private ProcessorContext<byte[], byte[]> context;

  RejectionProcessor(EventMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], Checked> record) {
    Checked c = record.value();
    metrics.rejected(c.verdict().rejection().reason());
    context.forward(
        new Record<>(
            record.key(),
            c.rawValue(),
            record.timestamp(),
            RejectedHeaders.of(
                record.headers(),
                c.verdict().rejection().reason(),
                c.verdict().rejection().detail(),
                c.topic(),
                c.partition(),
                c.offset())));
  }
}
