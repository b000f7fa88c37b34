package dev.lineage.runtime;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.Reason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
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
 *
 * <p>Kafka Streams makes the handler from the config by its class name, so it cannot be handed the
 * app's meters by a constructor: the app puts its {@link EventMetrics} into the Streams config
 * under {@link #METRICS_CONFIG} ({@link #countInto}), and each rejection is counted there by its
 * reason like every other record sent to the rejected topic. Without it, nothing is counted.
 */
public final class RejectingDeserializationHandler implements DeserializationExceptionHandler {
  /** The Streams config property naming the rejected topic. */
  public static final String REJECTED_TOPIC_CONFIG = "lineage.rejected.topic";

  /**
   * The Streams config entry holding the {@link EventMetrics} to count into: an object, not a
   * string (Kafka keeps a config's original values and passes them to {@link #configure}).
   */
  public static final String METRICS_CONFIG = "lineage.metrics.events";

  private static final Logger log = LoggerFactory.getLogger(RejectingDeserializationHandler.class);

  private String rejectedTopic;
  private EventMetrics metrics = EventMetrics.none();

  /** Makes the handler Kafka builds from {@code streamsConfig} count into {@code metrics}. */
  public static Properties countInto(Properties streamsConfig, EventMetrics metrics) {
    streamsConfig.put(METRICS_CONFIG, Objects.requireNonNull(metrics, "metrics"));
    return streamsConfig;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(REJECTED_TOPIC_CONFIG);
    if (topic == null) {
      throw new IllegalArgumentException(REJECTED_TOPIC_CONFIG + " is not set");
    }
    rejectedTopic = topic.toString();
    if (configs.get(METRICS_CONFIG) instanceof EventMetrics m) {
      metrics = m;
    }
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
    metrics.rejected(reason);
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
