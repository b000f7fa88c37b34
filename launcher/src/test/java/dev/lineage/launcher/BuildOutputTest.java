package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lineage} builds with Maven when sources changed, its output on the terminal before the
 * command's own first line: it must be plain text. Debian's Maven 3.8 resets the terminal colours
 * (ESC [0m) on its way out even in batch mode, unless {@code .mvn/jvm.config} tells Jansi not to.
 */
class BuildOutputTest {
  @Test
  void mavenAsTheLineageScriptRunsItPrintsNoEscapeCodes() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String script = Files.readString(root.resolve("lineage"));
    assertThat(script).contains("mvn -B -q ");
    Process mvn;
    try {
      mvn =
          new ProcessBuilder("mvn", "-B", "-q", "-o", "-N", "validate")
              .directory(root.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException noMaven) {
      assumeTrue(false, "mvn is not on the PATH");
      return;
    }
    byte[] output = mvn.getInputStream().readAllBytes();
    assertThat(mvn.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(mvn.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
    assertThat(new String(output, StandardCharsets.UTF_8)).doesNotContain("\u001b");
  }
}
