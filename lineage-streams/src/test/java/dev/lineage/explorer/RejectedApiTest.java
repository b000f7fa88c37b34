package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.http.ApiServer;
import dev.lineage.runtime.RejectedHeaders;
import dev.lineage.schemas.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class RejectedApiTest {
  private static ConsumerRecord<byte[], byte[]> rejected(String key, String value) {
    RecordHeaders headers =
        new RecordHeaders(
            RejectedHeaders.of(
                    null, Reason.MALFORMED, "not an Avro envelope", "lineage.runs", 2, 41)
                .toArray());
    headers.add("x-producer-note", "jane.doe@example.com".getBytes(StandardCharsets.UTF_8));
    return new ConsumerRecord<>(
        "lineage.rejected",
        1,
        7,
        1_800_000_000_000L,
        TimestampType.CREATE_TIME,
        key == null ? -1 : key.length(),
        value.length(),
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers,
        Optional.empty());
  }

  /** The record as the server writes it, read back as a JSON object. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> written(Object answer) throws Exception {
    return ApiServer.json().readValue(ApiServer.json().writeValueAsString(answer), Map.class);
  }

  @Test
  void showsTheReasonAndOriginButTheValueOnlyAsADigest() throws Exception {
    Map<String, Object> json =
        written(
            RejectedApi.json(rejected("run:etl_42", "customer jane.doe@example.com, card 4111")));
    assertThat(json)
        .containsEntry("reason", "malformed")
        .containsEntry("detail", "not an Avro envelope")
        .containsEntry("sourceTopic", "lineage.runs")
        .containsEntry("sourcePartition", 2)
        .containsEntry("sourceOffset", 41)
        .containsEntry("key", "run:etl_42")
        .containsEntry("valueBytes", 40);
    assertThat((String) json.get("valueDigest")).matches("sha256:[0-9a-f]{64}");
    String text = ApiServer.json().writeValueAsString(json);
    assertThat(text).doesNotContain("jane.doe").doesNotContain("4111").doesNotContain("x-producer");
  }

  @Test
  void showsAKeyOnlyWhenItIsANodeIdOrAKeysTopicKey() throws Exception {
    assertThat(RejectedApi.displayable("sha256:" + "a".repeat(64))).isTrue();
    assertThat(RejectedApi.displayable("source:transactions_q1")).isTrue();
    assertThat(RejectedApi.displayable("a".repeat(64) + "/granted/sha256:" + "b".repeat(64)))
        .isTrue();
    assertThat(RejectedApi.displayable("jane.doe@example.com")).isFalse();
    assertThat(RejectedApi.displayable("gdpr request for Jane Doe")).isFalse();
    assertThat(RejectedApi.displayable("name:model_m92")).isFalse();

    Map<String, Object> json = written(RejectedApi.json(rejected("jane.doe@example.com", "x")));
    assertThat(json).doesNotContainKey("key");
    assertThat((String) json.get("keyDigest")).matches("sha256:[0-9a-f]{64}");
  }
}
