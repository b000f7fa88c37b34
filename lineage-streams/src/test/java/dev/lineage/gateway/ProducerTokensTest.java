package dev.lineage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProducerTokensTest {
  static final String AIRFLOW = "a".repeat(32);
  static final String SPARK = "s".repeat(40);

  @Test
  void mapsEachBearerTokenToItsProducerAndNothingElse() {
    ProducerTokens tokens =
        ProducerTokens.parse(
            List.of("# producers", "", "airflow " + AIRFLOW, "  spark-prod\t" + SPARK + "  "),
            "tokens");

    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.producer("Bearer " + AIRFLOW)).contains("airflow");
    assertThat(tokens.producer("Bearer " + SPARK)).contains("spark-prod");
    assertThat(tokens.producer("Bearer " + SPARK + "x")).isEmpty();
    assertThat(tokens.producer(SPARK)).as("without the scheme").isEmpty();
    assertThat(tokens.producer("Basic " + SPARK)).isEmpty();
    assertThat(tokens.producer(null)).isEmpty();
    assertThat(tokens.toString()).doesNotContain(AIRFLOW);
  }

  @Test
  void refusesShortTokensSharedTokensBadNamesAndEmptyFilesWithoutQuotingATokenInTheMessage() {
    assertThatThrownBy(() -> ProducerTokens.parse(List.of("airflow short"), "f"))
        .hasMessageContaining("line 1")
        .hasMessageNotContaining("short");
    assertThatThrownBy(() -> ProducerTokens.parse(List.of("a " + AIRFLOW, "b " + AIRFLOW), "f"))
        .hasMessageContaining("line 2")
        .hasMessageNotContaining(AIRFLOW);
    assertThatThrownBy(() -> ProducerTokens.parse(List.of("bad|name " + AIRFLOW), "f"))
        .hasMessageContaining("line 1")
        .hasMessageNotContaining(AIRFLOW);
    assertThatThrownBy(() -> ProducerTokens.parse(List.of("# nothing"), "f"))
        .hasMessageContaining("names no producer");
  }
}
