package dev.lineage.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.metrics.EventMetrics;
import dev.lineage.schemas.Reason;
import dev.lineage.schemas.UnknownSchemaException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** The Streams plumbing both apps install: the deserialization and uncaught-exception handlers. */
class StreamsHandlersTest {
  @Test
  void deserializationHandlerSendsRawBytesToRejectedAndResumes() {
    RejectingDeserializationHandler handler = new RejectingDeserializationHandler();
    handler.configure(Map.of(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, "x.rejected"));
    ConsumerRecord<byte[], byte[]> in =
        new ConsumerRecord<>(
            "x.runs",
            2,
            41L,
            0L,
            TimestampType.CREATE_TIME,
            1,
            3,
            "k".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3},
            new RecordHeaders(),
            Optional.empty());

    ProducerRecord<byte[], byte[]> out =
        handler.rejection(in, Reason.MALFORMED, new SerializationException("bad"));

    assertThat(out.topic()).isEqualTo("x.rejected");
    assertThat(out.value()).containsExactly(1, 2, 3);
    assertThat(new String(out.headers().lastHeader(RejectedHeaders.REASON).value()))
        .isEqualTo(Reason.MALFORMED.wire());
    assertThat(new String(out.headers().lastHeader(RejectedHeaders.SOURCE_OFFSET).value()))
        .isEqualTo("41");
  }

  @Test
  void theHandlerKafkaBuildsFromTheConfigCountsEachRejectionByReason() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        RejectingDeserializationHandler.class.getName());
    p.put(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, "x.rejected");
    RejectingDeserializationHandler.countInto(p, EventMetrics.of(registry));
    // as a stream thread gets it: by class name from the config, configured with its originals
    DeserializationExceptionHandler handler =
        new StreamsConfig(p).deserializationExceptionHandler();
    ConsumerRecord<byte[], byte[]> in =
        new ConsumerRecord<>(
            "x.runs",
            0,
            7L,
            0L,
            TimestampType.CREATE_TIME,
            1,
            3,
            "k".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3},
            new RecordHeaders(),
            Optional.empty());

    handler.handleError(null, in, new SerializationException("bad"));
    handler.handleError(null, in, new UnknownSchemaException(42L));
    handler.handleError(null, in, new UnknownSchemaException(42L));

    assertThat(rejected(registry, Reason.MALFORMED)).isEqualTo(1.0);
    assertThat(rejected(registry, Reason.UNKNOWN_SCHEMA)).isEqualTo(2.0);
  }

  private static double rejected(SimpleMeterRegistry registry, Reason reason) {
    return registry.get(EventMetrics.REJECTED).tag("reason", reason.wire()).counter().count();
  }

  @Test
  void replacesThreadsUntilTooManyFailuresWithinTheWindow() {
    MaxFailuresHandler handler =
        new MaxFailuresHandler(
            2, Duration.ofMinutes(1), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    assertThat(handler.handle(new IllegalStateException("one")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(handler.handle(new IllegalStateException("two")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_APPLICATION);
  }
}
