package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetNodeIdTest {

  @Test
  void namesADatasetByNamespaceAndNameReadably() {
    NodeId id = NodeId.dataset("postgres://db.example.com:5432", "metrics.public.orders", null);
    assertThat(id.kind()).isEqualTo(NodeId.Kind.DATASET);
    assertThat(id).hasToString("dataset:postgres://db.example.com:5432|metrics.public.orders");
    assertThat(id.namespace()).contains("postgres://db.example.com:5432");
    assertThat(id.name()).contains("metrics.public.orders");
    assertThat(id.version()).isEmpty();
    assertThat(id.isReference()).isFalse();
  }

  @Test
  void aVersionIsAnotherNode() {
    NodeId v3 = NodeId.dataset("s3://bucket", "/warehouse/orders", "3");
    assertThat(v3).hasToString("dataset:s3://bucket|/warehouse/orders@3");
    assertThat(v3.version()).contains("3");
    assertThat(v3).isNotEqualTo(NodeId.dataset("s3://bucket", "/warehouse/orders", null));
  }

  @Test
  void encodesTheSeparatorsAndEverythingOutsideVisibleAscii() {
    NodeId id =
        NodeId.dataset("abfss://c@acct.dfs.core.windows.net", "a|b %c é\u0000", "2024-01-01 00:00");
    assertThat(id.toString())
        .isEqualTo(
            "dataset:abfss://c%40acct.dfs.core.windows.net|a%7Cb%20%25c%20%C3%A9%00"
                + "@2024-01-01%2000:00");
    NodeId back = NodeId.parse(id.toString());
    assertThat(back).isEqualTo(id);
    assertThat(back.namespace()).contains("abfss://c@acct.dfs.core.windows.net");
    assertThat(back.name()).contains("a|b %c é\u0000");
    assertThat(back.version()).contains("2024-01-01 00:00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dataset:bigquery|project.dataset.table",
        "dataset:file|/tmp/x.csv@v1",
        "dataset:kafka://broker:9092|orders%7Cv2"
      })
  void roundTripsThroughText(String text) {
    assertThat(NodeId.parse(text)).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "dataset:noseparator",
        "dataset:|name",
        "dataset:ns|",
        "dataset:ns|a|b",
        "dataset:ns|name@",
        "dataset:ns|name@1@2",
        "dataset:ns|na me",
        "dataset:ns|n%41me",
        "dataset:ns|a%7cb",
        "dataset:ns|a%2",
        "dataset:ns|a%FF"
      })
  void refusesAmbiguousOrNonCanonicalSpellings(String text) {
    assertThatThrownBy(() -> NodeId.parse(text)).isInstanceOf(InvalidIdException.class);
  }

  @Test
  void refusesOverlongIds() {
    assertThatThrownBy(() -> NodeId.dataset("ns", "x".repeat(NodeId.MAX_DATASET_LENGTH), null))
        .isInstanceOf(InvalidIdException.class)
        .hasMessageContaining("at most " + NodeId.MAX_DATASET_LENGTH);
  }

  @Test
  void unknownPrefixMessageListsTheDatasetForm() {
    assertThatThrownBy(() -> NodeId.parse("table:x"))
        .hasMessageContaining("dataset:<namespace>|<name>[@<version>]");
  }
}
