package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.http.ApiException;
import dev.lineage.id.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ClosureRequestTest {
  private static ClosureRequest parse(String json) {
    return ClosureRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String json, String why) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining(why)
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }

  @Test
  void everyIdFormAndNamesAreAcceptedInOrderWithoutRepeats() {
    ClosureRequest r =
        parse(
            "{\"starts\":[\"source:t\",\"run:r1\",\"sha256:"
                + "a".repeat(64)
                + "\",\"name:model_m92@3\",\"source:t\"],\"direction\":\"upstream\",\"depth\":2}");
    assertThat(r.starts())
        .containsExactly(
            NodeId.parse("source:t"),
            NodeId.parse("run:r1"),
            NodeId.parse("sha256:" + "a".repeat(64)),
            NodeId.parse("name:model_m92@3"));
    assertThat(r.direction()).isEqualTo(Direction.UPSTREAM);
    assertThat(r.depth()).isEqualTo(2);
  }

  @Test
  void directionAndDepthHaveDefaults() {
    ClosureRequest r = parse("{\"starts\":[\"source:t\"]}");
    assertThat(r.direction()).isEqualTo(Direction.DOWNSTREAM);
    assertThat(r.depth()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void malformedBodiesAndIdsAreRefusedWithTheirReason() {
    refused("not json", "not JSON");
    refused("[\"source:t\"]", "JSON object");
    refused("{\"starts\":\"source:t\"}", "array");
    refused("{}", "array");
    refused("{\"starts\":[]}", "at least one");
    refused("{\"starts\":[\"source:t\", 7]}", "starts[1] must be a string");
    refused("{\"starts\":[\"sha256:ABC\"]}", "starts[0] is not a node id");
    refused("{\"starts\":[\"source:t\"],\"direction\":\"sideways\"}", "downstream");
    refused("{\"starts\":[\"source:t\"],\"depth\":-1}", "depth");
    refused("{\"starts\":[\"source:t\"],\"depth\":1.5}", "depth");
    refused("{\"starts\":[\"source:t\"],\"dept\":1}", "unknown field 'dept'");
  }

  @Test
  void moreThanTenThousandStartsAreRefused() {
    String many = String.join(",", Collections.nCopies(10_001, "\"source:t\""));
    refused("{\"starts\":[" + many + "]}", "at most 10000");
    String enough = String.join(",", Collections.nCopies(10_000, "\"source:t\""));
    assertThat(parse("{\"starts\":[" + enough + "]}").starts()).hasSize(1);
  }
}
