package dev.lineage.gateway;

import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import dev.lineage.openlineage.attest.GatewayAttestation;
import dev.lineage.openlineage.mapping.OpenLineageMapper;
import dev.lineage.openlineage.transport.OpenLineageTransport;
import dev.lineage.openlineage.validate.OpenLineageValidator;
import dev.lineage.openlineage.validate.ValidationReport;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The gateway's Kafka way in: reads each record of the OpenLineage topic exactly as the OpenLineage
 * Kafka transport writes it (value = the event's JSON; key {@code run:{namespace}/{job}} or
 * anything else, an untrusted hint; no headers), validates the event against the bundled spec, and
 * attests a valid one with the gateway key, vouching for its source {@code kafka:<topic>} (whose
 * writers the topic's ACLs restrict). An invalid one is refused {@code schema-violation} with the
 * first violated path (or {@code malformed} when the value is not one JSON object).
 */
final class IntakeProcessor implements Processor<byte[], byte[], byte[], GatewayChecked> {
  private final GatewayAttestation gateway;
  private final OpenLineageValidator validator;
  private ProcessorContext<byte[], GatewayChecked> context;

  IntakeProcessor(GatewayAttestation gateway, OpenLineageValidator validator) {
    this.gateway = gateway;
    this.validator = validator;
  }

  @Override
  public void init(ProcessorContext<byte[], GatewayChecked> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    GatewayVerdict verdict;
    byte[] attested = null;
    String attestedKey = null;
    RawEvent event = null;
    try {
      String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
      event = OpenLineageTransport.fromKafkaRecord(key, record.value()).event();
    } catch (MalformedEventException e) {
      // the parser's message may quote the value: the detail below never does
    }
    if (event == null) {
      verdict =
          GatewayVerdict.rejected(
              null,
              Reason.MALFORMED,
              record.value() == null
                  ? "the record has no value (a tombstone): no event"
                  : "the record value is not one JSON object");
    } else {
      ValidationReport report = validator.validate(event);
      if (report.valid()) {
        String source = "kafka:" + meta.topic();
        attested = AvroEnvelopes.recordValue(gateway.attest(event, source));
        attestedKey = OpenLineageMapper.idempotencyKey(event).toString();
        verdict = GatewayVerdict.accepted(null, gateway.keyId(), source, null);
      } else {
        String path = report.violations().get(0).path();
        verdict =
            GatewayVerdict.rejected(
                null,
                Reason.SCHEMA_VIOLATION,
                report.violations().size()
                    + " violation(s) of the OpenLineage spec, the first at "
                    + path,
                path);
      }
    }
    context.forward(
        record.withValue(
            new GatewayChecked(
                record.value(),
                meta.topic(),
                meta.partition(),
                meta.offset(),
                record.timestamp(),
                verdict,
                attested,
                attestedKey)));
  }
}
