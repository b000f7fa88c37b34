package dev.lineage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  @Test
  void explainsHowToRegisterWhenUsedBeforeTheExtensionRan() {
    assertThatThrownBy(() -> new KafkaBroker().bootstrapServers())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("@ExtendWith(KafkaBroker.class)");
  }

  @Test
  void uniqueNamesKeepTheirBaseAndDiffer() {
    String a = KafkaBroker.uniqueName("runs");
    String b = KafkaBroker.uniqueName("runs");
    assertThat(a).startsWith("runs-").isNotEqualTo(b);
  }
}
