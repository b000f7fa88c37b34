package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionBoundTest {
  private static final String TOPIC = "lineage-streams-graph-ops-repartition";
  private static final Map<String, Long> RECEIPT =
      Map.of(TOPIC + "-0", 17L, TOPIC + "-1", 4L, TOPIC + "-12", 9L);

  @Test
  void aReceiptsPositionRoundTripsInBothForms() throws Exception {
    PositionBound fromEntries =
        PositionBound.parse(TOPIC + "-0:17," + TOPIC + "-1:4, " + TOPIC + "-12:9");
    assertThat(fromEntries.offsets()).isEqualTo(RECEIPT);
    assertThat(PositionBound.parse(fromEntries.format())).isEqualTo(fromEntries);
    PositionBound fromJson = PositionBound.parse(ApiServer.json().writeValueAsString(RECEIPT));
    assertThat(fromJson).isEqualTo(fromEntries);
    assertThat(PositionBound.parse("").isEmpty()).isTrue();
    assertThat(PositionBound.parse("{}").isEmpty()).isTrue();
  }

  @Test
  void malformedPositionsAreRefusedWithTheExpectedForm() {
    for (String bad :
        new String[] {
          "17",
          TOPIC + ":17",
          TOPIC + "-x:17",
          TOPIC + "-0:-1",
          TOPIC + "-0:many",
          "{\"a-0\":\"x\"}",
          "{"
        }) {
      assertThatThrownBy(() -> PositionBound.parse(bad))
          .as(bad)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("<topic>-<partition>:<offset>");
    }
  }

  @Test
  void onlyTheCheckedPartitionsMustBeReached() {
    PositionBound bound = new PositionBound(RECEIPT);
    Map<String, Long> here = Map.of(TOPIC + "-0", 20L, TOPIC + "-1", 3L);
    assertThat(bound.unmet(here, k -> true))
        .containsOnlyKeys(TOPIC + "-1", TOPIC + "-12"); // behind, and never written here
    assertThat(bound.unmet(here, k -> k.endsWith("-0"))).isEmpty();
  }

  @Test
  void aReachedBoundPassesAndOneNotYetReachedIsA503WithRetryAfter() {
    PositionBound bound = new PositionBound(Map.of(TOPIC + "-0", 5L));
    bound.require(() -> Map.of(TOPIC + "-0", 5L), k -> true);
    bound.require(() -> Map.of(TOPIC + "-0", 9L), k -> true);
    // behind on a partition held elsewhere: that owner checks it, not this instance
    bound.require(() -> Map.of(TOPIC + "-0", 4L), k -> false);

    assertThatThrownBy(() -> bound.require(() -> Map.of(TOPIC + "-0", 4L), k -> true))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.headers()).containsEntry("Retry-After", "1");
            });
  }
}
