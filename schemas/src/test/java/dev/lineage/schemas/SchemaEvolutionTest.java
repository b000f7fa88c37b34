package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Data written with an older or newer released schema is read by this build's classes. */
class SchemaEvolutionTest {
  private static final Schema V1 = SchemaCatalog.released("ArtifactRegistered").get(0);

  @Test
  void artifactRegisteredWrittenWithVersionOneIsReadByTheCurrentClass() throws IOException {
    GenericRecord old = new GenericData.Record(V1);
    old.put("nodeId", SampleEvents.FEATURES);
    old.put("kind", new GenericData.EnumSymbol(V1.getField("kind").schema(), "DATASET"));
    old.put("name", "features_v47");
    old.put("version", "47");
    old.put("sizeBytes", 73_400_320L);
    old.put("attributes", Map.of("team", "fraud"));
    old.put("signedAt", SampleEvents.SIGNED.toEpochMilli());
    // Avro's own encoder, so the bytes are what a v1 producer really wrote
    byte[] bytes = encode(V1, old);
    assertThat(SingleObjectCodec.fingerprintOf(bytes, bytes.length))
        .isEqualTo(LineageSchemaStore.fingerprint(V1))
        .isNotEqualTo(LineageSchemaStore.fingerprint(ArtifactRegistered.getClassSchema()));

    ArtifactRegistered read = EventType.ARTIFACT_REGISTERED.decode(bytes);

    assertThat(read)
        .isEqualTo(
            ArtifactRegistered.newBuilder()
                .setNodeId(SampleEvents.FEATURES)
                .setKind(ArtifactKind.DATASET)
                .setName("features_v47")
                .setVersion("47")
                .setSizeBytes(73_400_320L)
                .setAttributes(Map.of("team", "fraud"))
                .setSignedAt(SampleEvents.SIGNED)
                .build());
    assertThat(read.getMediaType()).isNull();
    assertThat(read.getRecordCount()).isNull();
  }

  @Test
  void readersOfVersionOneReadWhatTheCurrentSchemaWrites() throws IOException {
    ArtifactRegistered current = (ArtifactRegistered) SampleEvents.full().get(0);
    byte[] bytes = EventType.ARTIFACT_REGISTERED.encode(current);

    GenericRecord seenByV1 =
        new BinaryMessageDecoder<GenericRecord>(GenericData.get(), V1, LineageSchemaStore.shared())
            .decode(bytes);

    assertThat(seenByV1.getSchema().getField("recordCount")).isNull();
    assertThat(seenByV1.get("nodeId").toString()).isEqualTo(current.getNodeId());
    assertThat(seenByV1.get("sizeBytes")).isEqualTo(current.getSizeBytes());
    assertThat(seenByV1.get("signedAt")).isEqualTo(current.getSignedAt().toEpochMilli());
  }

  @Test
  void kindAddedByANewerWriterIsReadAsOther() throws IOException {
    Schema future = futureArtifactRegistered();
    GenericRecord written = new GenericData.Record(future);
    written.put("nodeId", SampleEvents.MODEL);
    written.put("kind", new GenericData.EnumSymbol(future.getField("kind").schema(), "ADAPTER"));
    written.put("name", "model_m92_lora");
    written.put("attributes", Map.of());
    written.put("signedAt", 0L);
    written.put("baseModel", SampleEvents.MODEL);
    byte[] bytes = encode(future, written);

    // this build does not know the newer schema until it is given to the store
    assertThatThrownBy(() -> EventType.ARTIFACT_REGISTERED.decode(bytes))
        .isInstanceOf(UnknownSchemaException.class);
    LineageSchemaStore withFuture =
        LineageSchemaStore.of(List.of(ArtifactRegistered.getClassSchema(), future));
    ArtifactRegistered read =
        SingleObjectCodec.of(ArtifactRegistered.class, withFuture, 1 << 20).decode(bytes);

    assertThat(read.getKind()).isEqualTo(ArtifactKind.OTHER);
    assertThat(read.getName()).isEqualTo("model_m92_lora");
    assertThat(read.getSignedAt()).isEqualTo(Instant.EPOCH);
  }

  private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record, out);
    return out.toByteArray();
  }

  /** The current schema plus a kind symbol and a field, as a later release might add them. */
  private static Schema futureArtifactRegistered() {
    String json =
        ArtifactRegistered.getClassSchema()
            .toString()
            .replace("\"CONTAINER_IMAGE\",", "\"CONTAINER_IMAGE\",\"ADAPTER\",")
            .replace(
                "{\"name\":\"attributes\"",
                "{\"name\":\"baseModel\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"attributes\"");
    Schema future = new Schema.Parser().parse(json);
    assertThat(future.getField("baseModel")).isNotNull();
    assertThat(future.getField("kind").schema().getEnumSymbols()).contains("ADAPTER");
    return future;
  }
}
