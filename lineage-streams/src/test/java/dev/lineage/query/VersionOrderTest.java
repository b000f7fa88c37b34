package dev.lineage.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
  private static int compare(String a, String b) {
    return Integer.signum(VersionOrder.INSTANCE.compare(a, b));
  }

  @Test
  void numericSegmentsCompareAsNumbers() {
    assertThat(compare("2.10", "2.9")).isEqualTo(1);
    assertThat(compare("2.3", "2.03")).isZero();
    assertThat(compare("10", "9")).isEqualTo(1);
    assertThat(compare("1.99999999999999999999999", "1.100000000000000000000000")).isEqualTo(-1);
  }

  @Test
  void textSegmentsCompareAsTextAfterNumbers() {
    assertThat(compare("2.3-beta", "2.3-alpha")).isEqualTo(1);
    assertThat(compare("2.x", "2.3")).isEqualTo(1);
    assertThat(compare("v2", "v10")).isEqualTo(1); // one text segment: compared as text
  }

  @Test
  void dotsAndDashesBothSeparateAndAPrefixComesFirst() {
    assertThat(compare("2.3", "2-3")).isZero();
    assertThat(compare("2.3", "2.3.1")).isEqualTo(-1);
    assertThat(compare("2.3.1", "2.3-beta")).isEqualTo(-1);
  }

  @Test
  void sortsAMixedListIntoOneOrder() {
    List<String> versions =
        new ArrayList<>(List.of("2.10", "2.3-rc1", "1.0", "2.3", "2.9.1", "2.9"));
    versions.sort(VersionOrder.INSTANCE);
    assertThat(versions).containsExactly("1.0", "2.3", "2.3-rc1", "2.9", "2.9.1", "2.10");
  }
}
