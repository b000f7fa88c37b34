package dev.lineage.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {
  private static final String TOKEN = "q0Zr7yJ1m+Xb3dH/2kLpVw==";

  @TempDir Path dir;

  private Path file(String content) throws Exception {
    Path f = dir.resolve("token-" + System.nanoTime());
    Files.writeString(f, content);
    return f;
  }

  @Test
  void theFileHoldsTheTokenAndItsTrailingNewlineIsNotPartOfIt() throws Exception {
    ApiToken token = ApiToken.read(file(TOKEN + "\n"));

    assertThat(token.authorization()).isEqualTo("Bearer " + TOKEN);
    assertThat(token.matches("Bearer " + TOKEN)).isTrue();
    assertThat(token.matches("bearer " + TOKEN)).as("the scheme is case-insensitive").isTrue();
  }

  @Test
  void anyOtherTokenOrSchemeDoesNotMatch() throws Exception {
    ApiToken token = ApiToken.read(file(TOKEN));

    assertThat(token.matches("Bearer " + TOKEN.substring(1))).isFalse();
    assertThat(token.matches("Bearer " + TOKEN + "x")).isFalse();
    assertThat(token.matches("Bearer " + TOKEN.toLowerCase())).isFalse();
    assertThat(token.matches("Basic " + TOKEN)).isFalse();
    assertThat(token.matches(TOKEN)).isFalse();
    assertThat(token.matches("Bearer ")).isFalse();
    assertThat(token.matches(null)).isFalse();
  }

  @Test
  void aFileThatHoldsNoUsableTokenIsRefusedWithoutQuotingIt() throws Exception {
    assertThatThrownBy(() -> ApiToken.read(file("  \n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is empty");
    assertThatThrownBy(() -> ApiToken.read(file("short-secret")))
        .hasMessageContaining("shorter than 16")
        .hasMessageNotContaining("short-secret");
    assertThatThrownBy(() -> ApiToken.read(file("two words of a secret phrase")))
        .hasMessageContaining("does not hold one bearer token")
        .hasMessageNotContaining("phrase");
    assertThatThrownBy(() -> ApiToken.read(file("x".repeat(5000))))
        .hasMessageContaining("larger than");
    assertThatThrownBy(() -> ApiToken.read(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void neverPrintsTheToken() throws Exception {
    assertThat(ApiToken.read(file(TOKEN)).toString()).doesNotContain(TOKEN).contains("redacted");
  }

  @Test
  void theOptionWinsOverTheEnvironmentAndBlankMeansNone() throws Exception {
    Path fromOption = file(TOKEN);
    Path fromEnv = file("e".repeat(20));
    Map<String, String> env = Map.of(ApiToken.ENV, fromEnv.toString());

    assertThat(ApiToken.fromOptionOrEnv(fromOption, env).orElseThrow().matches("Bearer " + TOKEN))
        .isTrue();
    assertThat(
            ApiToken.fromOptionOrEnv(null, env).orElseThrow().matches("Bearer " + "e".repeat(20)))
        .isTrue();
    assertThat(ApiToken.fromOptionOrEnv(null, Map.of())).isEmpty();
    assertThat(ApiToken.fromOptionOrEnv(null, Map.of(ApiToken.ENV, " "))).isEmpty();
  }
}
