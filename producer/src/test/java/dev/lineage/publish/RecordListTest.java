package dev.lineage.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordListTest {
  @TempDir Path dir;

  @Test
  void theDigestNamesTheSaltedObjectSoAGuessedListConfirmsNothing() throws Exception {
    // one low-entropy key: exactly what an unsalted digest would let anyone confirm
    byte[] guess = "customer-42\n".getBytes(StandardCharsets.UTF_8);
    Path list = Files.write(dir.resolve("list.txt"), guess);

    RecordList.Salted a = RecordList.salt(list, dir.resolve("a"), new SecureRandom());
    RecordList.Salted b = RecordList.salt(list, dir.resolve("b"), new SecureRandom());

    assertThat(a.count()).isEqualTo(1);
    assertThat(a.digest()).isNotEqualTo(Sha256.of(guess));
    assertThat(b.digest()).isNotEqualTo(a.digest());
    byte[] kept = Files.readAllBytes(dir.resolve("a"));
    assertThat(Sha256.of(kept)).isEqualTo(a.digest());
    String text = new String(kept, StandardCharsets.UTF_8);
    assertThat(text).startsWith(RecordList.HEADER_PREFIX).endsWith("\ncustomer-42\n");
    assertThat(text.lines().findFirst().orElseThrow())
        .matches("#lineage-record-set v1 salt=[0-9a-f]{64}");
  }

  @Test
  void countsNonEmptyLinesAcrossBuffersAndLineEndings() throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      many.append("key-").append(i).append(i % 3 == 0 ? "\r\n" : "\n");
      if (i % 1000 == 0) {
        many.append(" \t\n\r\n");
      }
    }
    many.append("last-without-newline");
    Path list = Files.writeString(dir.resolve("many.txt"), many);

    RecordList.Salted s = RecordList.salt(list, dir.resolve("out"), new SecureRandom());

    assertThat(s.count()).isEqualTo(30_001);
  }

  @Test
  void countsNonEmptyLinesOfTheExactBytesHashedAfterTheHeader() throws Exception {
    byte[] bytes = "k1\n\nk2\r\n   \nk3".getBytes(StandardCharsets.UTF_8);
    Path list = Files.write(dir.resolve("k"), bytes);
    RecordList.Salted s = RecordList.salt(list, dir.resolve("out"), new SecureRandom());
    assertThat(s.count()).isEqualTo(3);
    byte[] kept = Files.readAllBytes(dir.resolve("out"));
    assertThat(new String(kept, StandardCharsets.UTF_8)).endsWith("\nk1\n\nk2\r\n   \nk3");
    assertThat(kept.length).isEqualTo(RecordList.HEADER_PREFIX.length() + 64 + 1 + bytes.length);
  }

  @Test
  void neverOverwritesAnExistingFile() throws Exception {
    Path list = Files.writeString(dir.resolve("list.txt"), "k\n");
    Path out = Files.writeString(dir.resolve("out"), "keep me");
    assertThatThrownBy(() -> RecordList.salt(list, out, new SecureRandom()))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(out)).isEqualTo("keep me");
  }
}
