package dev.lineage.gateway;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.RejectedHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a refused OpenLineage record back into its original key and value, with the why in its
 * headers: {@code lineage.reason}, a detail and, for a schema violation, the violated JSON path in
 * {@value #VIOLATED_PATH} (a path, never a value: the event may hold personal data).
 */
final class GatewayRejectionProcessor implements Processor<byte[], GatewayChecked, byte[], byte[]> {
  /** The header naming the first JSON path of the event that breaks the spec. */
  static final String VIOLATED_PATH = OpenLineageTopology.VIOLATED_PATH_HEADER;

  private final EventMetrics metrics;
  private ProcessorContext<byte[], byte[]> context;

  GatewayRejectionProcessor(EventMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], GatewayChecked> record) {
    GatewayChecked c = record.value();
    metrics.rejected(c.verdict().reason());
    Headers headers =
        RejectedHeaders.of(
            record.headers(),
            c.verdict().reason(),
            c.verdict().detail(),
            c.topic(),
            c.partition(),
            c.offset());
    // a sender must not be able to write its own verdict
    headers.remove(VIOLATED_PATH);
    if (c.verdict().violatedPath() != null) {
      headers.add(VIOLATED_PATH, c.verdict().violatedPath().getBytes(StandardCharsets.UTF_8));
    }
    context.forward(new Record<>(record.key(), c.rawValue(), record.timestamp(), headers));
  }
}
