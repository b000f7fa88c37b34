package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.Envelope;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class SerdesAndRegistryTest {

  @Test
  void envelopeSerdeRoundTripsAndKeepsTombstones() {
    Serde<Envelope> serde = LineageSerdes.envelope();
    Envelope envelope =
        Envelope.newBuilder()
            .setPayloadType(EventType.ARTIFACT_REGISTERED.payloadType())
            .setPayload(
                ByteBuffer.wrap(
                    EventType.ARTIFACT_REGISTERED.encode(
                        (ArtifactRegistered) SampleEvents.full().get(0))))
            .setSignatures(List.of())
            .build();

    byte[] bytes = serde.serializer().serialize("lineage.artifacts", envelope);

    assertThat(bytes).isEqualTo(EnvelopeCodec.standard().encode(envelope));
    assertThat(serde.deserializer().deserialize("lineage.artifacts", bytes)).isEqualTo(envelope);
    assertThat(serde.serializer().serialize("lineage.keys", null)).isNull();
    assertThat(serde.deserializer().deserialize("lineage.keys", null)).isNull();
  }

  @Test
  void eventSerdesRoundTripEveryEvent() {
    for (var event : SampleEvents.full()) {
      var type = EventRoundTripTest.typeOf(event);
      var serde = LineageSerdes.event(type);

      assertThat(serde.deserialize("t", serde.serialize("t", event))).isEqualTo(event);
    }
  }

  @Test
  void serdeFailuresAreKafkaSerializationExceptionsCarryingTheReason() {
    assertThatThrownBy(
            () -> LineageSerdes.envelope().deserializer().deserialize("t", new byte[] {1, 2}))
        .isInstanceOf(SerializationException.class)
        .isInstanceOfSatisfying(
            DecodingException.class, e -> assertThat(e.reason().wire()).isEqualTo("malformed"));
  }

  @Test
  void payloadTypesAreTheKebabCasedEventNames() {
    Set<String> seen = new HashSet<>();
    for (EventType<?> type : EventType.all()) {
      String kebab = type.name().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);

      assertThat(type.payloadType()).isEqualTo("application/vnd.lineage." + kebab + "+avro");
      assertThat(EventType.forPayloadType(type.payloadType())).containsSame(type);
      assertThat(EventType.of(type.eventClass())).isSameAs(type);
      assertThat(seen.add(type.payloadType())).isTrue();
    }
    assertThat(EventType.ARTIFACT_REGISTERED.payloadType())
        .isEqualTo("application/vnd.lineage.artifact-registered+avro");
    assertThat(EventType.forPayloadType("application/vnd.in-toto+json")).isEmpty();
    assertThatThrownBy(() -> EventType.of(Envelope.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyEventCarriesSignedAtAsTimestampMillis() {
    for (EventType<?> type : EventType.all()) {
      var field = type.schema().getField("signedAt");

      assertThat(field).as(type.name()).isNotNull();
      assertThat(field.schema().getLogicalType().getName()).isEqualTo("timestamp-millis");
    }
  }

  @Test
  void storeResolvesEveryCurrentAndReleasedSchema() {
    LineageSchemaStore store = LineageSchemaStore.shared();

    for (var current : SchemaCatalog.current()) {
      assertThat(store.findByFingerprint(LineageSchemaStore.fingerprint(current)))
          .isEqualTo(current);
      for (var released : SchemaCatalog.released(current.getName())) {
        assertThat(store.find(LineageSchemaStore.fingerprint(released))).isPresent();
      }
    }
    // sixteen contracts; ArtifactRegistered, DeletionRequested, RetrainingTriggered,
    // KeyGranted (GATEWAY added) and RecordListErased (reason added) each with two wire-distinct
    // versions
    assertThat(store.fingerprints()).hasSize(21);
    assertThat(store.findByFingerprint(42L)).isNull();
  }

  @Test
  void generatedClassesAreTrustedByAvroOnceACodecExists() {
    SingleObjectCodec.of(ArtifactRegistered.class);

    assertThat(ClassSecurityValidator.getGlobal().isTrusted(ArtifactRegistered.class)).isTrue();
    assertThat(ClassSecurityValidator.getGlobal().isTrusted(SerdesAndRegistryTest.class)).isFalse();
  }
}
