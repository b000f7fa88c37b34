package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.settings.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the declarations', never a second copy. */
class ImpactSettingsReadmeTest {
  @Test
  void theReadmesSettingsTableIsRenderedFromTheDeclarations() throws Exception {
    String table = SettingsTable.render(ImpactSettings.DECLARED, ImpactSettings.PASSTHROUGH);

    assertThat(
            SettingsTable.checkOrRewrite(
                Path.of("README.md"), table, ImpactSettingsReadmeTest.class.getSimpleName()))
        .isEmpty();
  }
}
