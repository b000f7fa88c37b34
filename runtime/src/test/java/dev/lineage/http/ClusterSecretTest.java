package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
  @TempDir Path dir;

  private static String sign(ClusterSecret secret) {
    return new RequestMac(secret, () -> 1L).authorization("GET", "/v1/internal/x", new byte[0]);
  }

  @Test
  void ensureMakesThirtyTwoRandomBytesOnlyItsOwnerMayReadAndReusesThem() throws Exception {
    Path file = dir.resolve("keys").resolve("cluster.secret");

    ClusterSecret made = ClusterSecret.ensure(file);

    assertThat(Files.size(file)).isEqualTo(32);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(sign(ClusterSecret.ensure(file))).isEqualTo(sign(made));
    assertThat(sign(ClusterSecret.read(file))).isEqualTo(sign(made));
    assertThat(sign(ClusterSecret.ensure(dir.resolve("other")))).isNotEqualTo(sign(made));
    try (var left = Files.list(file.getParent())) {
      assertThat(left).as("no temporary file left behind").hasSize(1);
    }
  }

  @Test
  void aFileIsTakenAsItsBytesAndATooShortOneIsRefusedWithoutQuotingIt() throws Exception {
    Path hex = dir.resolve("hex");
    Files.writeString(hex, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n");
    Path sameWithoutNewline = dir.resolve("hex2");
    Files.writeString(
        sameWithoutNewline, "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    assertThat(sign(ClusterSecret.read(hex)))
        .as("no trimming: every instance reads the same file the same way")
        .isNotEqualTo(sign(ClusterSecret.read(sameWithoutNewline)));

    Path tooShort = dir.resolve("short");
    Files.write(tooShort, "correct horse battery".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> ClusterSecret.read(tooShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining("horse");
    assertThatThrownBy(() -> ClusterSecret.read(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void neverPrintsTheSecret() {
    assertThat(ClusterSecret.of(new byte[32]).toString()).contains("redacted");
  }
}
