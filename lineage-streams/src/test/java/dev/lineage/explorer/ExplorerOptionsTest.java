package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExplorerOptionsTest {
  @Test
  void readsTheStoreAndTheImpactServiceFromTheEnvironment() {
    ExplorerOptions o =
        ExplorerOptions.fromEnvironment(
            Map.of("LINEAGE_CAS", "/srv/cas", "LINEAGE_IMPACT_HTTP", "http://impact-1:8080"));
    assertThat(o.cas()).contains(Path.of("/srv/cas"));
    assertThat(o.impactHttp()).contains(URI.create("http://impact-1:8080"));
    assertThat(o.orCas(Path.of("/other")).cas()).contains(Path.of("/srv/cas"));
    assertThat(o.withoutImpactForward().impactHttp()).isEmpty();
  }

  @Test
  void hasNothingByDefaultAndTakesTheLocalStoreOfUp() {
    ExplorerOptions o = ExplorerOptions.fromEnvironment(Map.of("LINEAGE_CAS", " "));
    assertThat(o).isEqualTo(new ExplorerOptions(Optional.empty(), Optional.empty()));
    assertThat(o.orCas(Path.of(".lineage/cas")).cas()).contains(Path.of(".lineage/cas"));
  }

  @Test
  void refusesAnImpactAddressThatIsNotHttp() {
    assertThatThrownBy(
            () -> ExplorerOptions.fromEnvironment(Map.of("LINEAGE_IMPACT_HTTP", "impact-1:8080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LINEAGE_IMPACT_HTTP");
  }
}
