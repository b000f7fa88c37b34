package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.cli.CliErrors;
import dev.lineage.id.NodeId;
import dev.lineage.seed.SeedScenario;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the root README tells a new user to type is what works: the demo's deployment check with a
 * digest copied whole, and the variable that turns on stack traces.
 */
class ReadmeCommandsTest {
  private static final Path README = Path.of("..", "README.md");

  @TempDir Path tmp;

  @Test
  void everyVerifyDeploymentCommandInTheReadmeNamesAModelInFull() throws Exception {
    String readme = Files.readString(README);
    Matcher m =
        Pattern.compile("\\./lineage verify-deployment --model (\\S+?)[`\\s]").matcher(readme);
    List<String> models = new ArrayList<>();
    while (m.find()) {
      models.add(m.group(1));
    }
    assertThat(models).isNotEmpty();
    SeedScenario seed =
        SeedScenario.create(
            tmp.resolve("seed"),
            new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256)),
            new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256)),
            Clock.systemUTC());
    for (String model : models) {
      // parses as an id (an abbreviated sha256:6726…c50e does not: exit 2)
      NodeId.parse(model);
      assertThat(model).isIn(seed.model(), "name:model_m92");
    }
    assertThat(readme).contains("check: " + Demo.verifyDeploymentHint(seed.model()));
  }

  @Test
  void theStackTraceVariableTheReadmeNamesIsOneTheCliReads() throws Exception {
    String readme = Files.readString(README);
    Matcher m = Pattern.compile("`(LINEAGE_[A-Z]+)=1`[^.]*stack traces").matcher(readme);
    assertThat(m.find()).isTrue();
    assertThat(CliErrors.VERBOSE_ENV).contains(m.group(1));
    assertThat(m.group(1)).isEqualTo(CliErrors.VERBOSE_ENV.get(0));
  }
}
