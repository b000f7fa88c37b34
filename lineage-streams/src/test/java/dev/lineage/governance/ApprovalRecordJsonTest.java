package dev.lineage.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.http.ApiServer;
import dev.lineage.stores.JsonSerde;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An approval crosses instances as the API's JSON and the store as its JSON: both keep it whole.
 */
class ApprovalRecordJsonTest {
  static final ApprovalRecord RECORD =
      new ApprovalRecord(
          "sha256:" + "a".repeat(64),
          "sha256:" + "1".repeat(64),
          "APPROVED",
          null,
          "e".repeat(64),
          1_740_787_200_000L,
          1_740_787_200_123L,
          "sha256:" + "2".repeat(64),
          new byte[] {(byte) 0xC3, 0x01, 0, 7, -1});

  @Test
  void theInternalAnswerReadsBackIntoTheSameRecord() throws Exception {
    byte[] body = ApiServer.json().writeValueAsBytes(Map.of("approvals", List.of(RECORD)));
    JsonNode json = ApiServer.json().readTree(body);
    ApprovalRecord back =
        ApiServer.json().treeToValue(json.path("approvals").get(0), ApprovalRecord.class);
    assertThat(back).isEqualTo(RECORD);
  }

  @Test
  void theStoreSerdeReadsBackIntoTheSameRecord() {
    JsonSerde<ApprovalRecord> serde = JsonSerde.of(ApprovalRecord.class);
    assertThat(serde.deserialize("t", serde.serialize("t", RECORD))).isEqualTo(RECORD);
  }
}
