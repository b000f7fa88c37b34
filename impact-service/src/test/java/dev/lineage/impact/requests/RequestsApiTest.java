package dev.lineage.impact.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lineage.http.ApiServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestsApiTest {
  private static RequestStatus complete(String position) {
    return new RequestStatus(
        "gdpr-1",
        "DELETION",
        RequestState.COMPLETE,
        "sha256:" + "e".repeat(64),
        null,
        Map.of("MODEL", 1L),
        List.of("sha256:" + "b".repeat(64)),
        List.of(),
        1,
        Map.of(),
        new RequestStatus.Receipt(5, false, null, 4, position, false),
        1L,
        2L);
  }

  private static JsonNode answer(RequestStatus status) {
    return ApiServer.json().valueToTree(RequestsApi.json(status, null));
  }

  @Test
  void theReceiptPositionIsAnObjectAsInEveryOtherReceipt() {
    JsonNode receipt =
        answer(complete("{\"lineage.graph-ops-0\":12,\"lineage.graph-ops-1\":3}")).get("receipt");
    assertThat(receipt.get("position").isObject()).as(receipt.toString()).isTrue();
    assertThat(receipt.at("/position/lineage.graph-ops-0").asLong()).isEqualTo(12);
    assertThat(receipt.get("visited").asLong()).isEqualTo(5);
    assertThat(receipt.get("pathsCut").asBoolean()).isFalse();
  }

  @Test
  void aReceiptWithoutAPositionSaysNull() {
    assertThat(answer(complete(null)).at("/receipt/position").isNull()).isTrue();
  }

  @Test
  void aPendingRequestHasNoReceiptYet() {
    RequestStatus pending =
        RequestStatus.pending("gdpr-2", "DELETION", "sha256:" + "e".repeat(64), 1L);
    assertThat(answer(pending).get("receipt").isNull()).isTrue();
  }
}
