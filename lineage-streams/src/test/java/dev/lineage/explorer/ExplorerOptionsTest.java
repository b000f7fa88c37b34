package dev.lineage.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.streams.StreamsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExplorerOptionsTest {
  private static StreamsSettings settings(Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put("LINEAGE_TRUST_ROOTS", "/srv/keys/root.pub");
    return StreamsSettings.load(new Properties(), all);
  }

  @Test
  void readsTheStoreAndTheImpactServiceFromTheDeclaredSettings() {
    ExplorerOptions o =
        ExplorerOptions.of(
            settings(
                Map.of("LINEAGE_CAS", "/srv/cas", "LINEAGE_IMPACT_HTTP", "http://impact-1:8080")));
    assertThat(o.cas()).contains(Path.of("/srv/cas"));
    assertThat(o.impactHttp()).contains(URI.create("http://impact-1:8080"));
    assertThat(o.orCas(Path.of("/other")).cas()).contains(Path.of("/srv/cas"));
    assertThat(o.withoutImpactForward().impactHttp()).isEmpty();

    Properties file = new Properties();
    file.setProperty("lineage.cas", "/from/file");
    file.setProperty("lineage.trust.roots", "/srv/keys/root.pub");
    assertThat(ExplorerOptions.of(StreamsSettings.load(file, Map.of())).cas())
        .contains(Path.of("/from/file"));
  }

  @Test
  void hasNothingByDefaultAndTakesTheLocalStoreOfUp() {
    ExplorerOptions o = ExplorerOptions.of(settings(Map.of("LINEAGE_CAS", " ")));
    assertThat(o).isEqualTo(new ExplorerOptions(Optional.empty(), Optional.empty()));
    assertThat(o.orCas(Path.of(".lineage/cas")).cas()).contains(Path.of(".lineage/cas"));
  }

  @Test
  void refusesAnImpactAddressThatIsNotHttp() {
    assertThatThrownBy(() -> settings(Map.of("LINEAGE_IMPACT_HTTP", "impact-1:8080")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LINEAGE_IMPACT_HTTP");
  }
}
