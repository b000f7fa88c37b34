package dev.lineage.id;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
  @Test
  void numericSegmentsCompareAsNumbers() {
    List<String> versions =
        new ArrayList<>(List.of("2.10", "2.9", "10.0", "2.3.1", "2.3", "2.3-rc1", "2.3-beta", "1"));
    versions.sort(VersionOrder.INSTANCE);
    assertThat(versions)
        .containsExactly("1", "2.3", "2.3.1", "2.3-beta", "2.3-rc1", "2.9", "2.10", "10.0");
  }

  @Test
  void equalVersionsAndHugeNumbers() {
    assertThat(VersionOrder.compareVersions("2.3", "2.3")).isZero();
    assertThat(VersionOrder.compareVersions("99999999999999999999", "100000000000000000000"))
        .isNegative();
    assertThat(VersionOrder.compareVersions("2.x", "2.1")).isPositive();
  }
}
