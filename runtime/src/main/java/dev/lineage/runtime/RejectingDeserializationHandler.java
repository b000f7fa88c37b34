package dev.lineage.runtime;

import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.Reason;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a record no deserializer could read to the rejected topic, raw bytes and headers saying
 * why, and carries on. The event topics are read as bytes and decoded inside the topology, so this
 * is the net under everything else (internal topics, a future typed source).
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {
  /** The Streams config property naming the rejected topic. */
  public static final String REJECTED_TOPIC_CONFIG = "lineage.rejected.topic";

  private static final Logger log = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

  private String rejectedTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(REJECTED_TOPIC_CONFIG);
    if (topic == null) {
      throw new IllegalArgumentException(REJECTED_TOPIC_CONFIG + " is not set");
    }
    rejectedTopic = topic.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    Reason reason = exception instanceof DecodingException d ? d.reason() : Reason.MALFORMED;
    log.warn(
        "undecodable record at {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        reason);
    return Response.resume(List.of(rejection(record, reason, exception)));
  }

  ProducerRecord<byte[], byte[]> rejection(
      ConsumerRecord<byte[], byte[]> record, Reason reason, Exception exception) {
    return new ProducerRecord<>(
        rejectedTopic,
        null,
        record.key(),
        record.value(),
        RejectedHeaders.of(
            record.headers(),
            reason,
            exception.getClass().getSimpleName(),
            record.topic(),
            record.partition(),
            record.offset()));
  }
}
