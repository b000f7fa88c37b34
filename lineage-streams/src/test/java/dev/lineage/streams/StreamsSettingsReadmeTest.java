package dev.lineage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.settings.SettingsTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is the declarations', never a second copy. */
class StreamsSettingsReadmeTest {
  @Test
  void theReadmesSettingsTableIsRenderedFromTheDeclarations() throws Exception {
    String table = SettingsTable.render(StreamsSettings.DECLARED, StreamsSettings.PASSTHROUGH);

    assertThat(
            SettingsTable.checkOrRewrite(
                Path.of("README.md"), table, StreamsSettingsReadmeTest.class.getSimpleName()))
        .isEmpty();
  }
}
