package dev.lineage.cas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreErasureTest {
  static final Instant ERASED_AT = Instant.parse("2026-01-15T09:00:00Z");
  static final byte[] ENVELOPE =
      "signed SnapshotErased record value".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  ContentStore store;

  @BeforeEach
  void setUp() {
    store = new ContentStore(tmp.resolve("cas"));
  }

  @Test
  void anErasedFileKeepsDigestSizeAndFactButNotItsContent() throws Exception {
    byte[] content = "customer-4711,2025-01-03,129.99\n".getBytes(StandardCharsets.UTF_8);
    Digest d = store.putBytes(content);
    Path object = store.path(d).orElseThrow();

    Tombstone t = store.erase(d, new ErasureFact("del-42", ERASED_AT, ENVELOPE));

    assertThat(t.digest()).isEqualTo(d);
    assertThat(t.sizeBytes()).isEqualTo(content.length);
    assertThat(t.fact().requestId()).isEqualTo("del-42");
    assertThat(t.fact().envelopeDigest()).contains(Sha256.of(ENVELOPE));
    assertThat(object).doesNotExist();
    assertThat(store.contains(d)).isFalse();
    assertThat(store.erasure(d)).contains(t);
    assertThat(grep(tmp.resolve("cas"), "customer-4711")).isFalse();
  }

  @Test
  void readsOfAnErasedObjectNameTheRequest() throws Exception {
    Digest d = store.putBytes("rows".getBytes(StandardCharsets.UTF_8));
    store.erase(d, ErasureFact.unsigned("del-42", ERASED_AT));

    assertThatThrownBy(() -> store.readBytes(d))
        .isInstanceOfSatisfying(
            ErasedObjectException.class, e -> assertThat(e.requestId()).isEqualTo("del-42"))
        .hasMessageContaining("erased for request del-42");
    assertThatThrownBy(() -> store.get(d, tmp.resolve("out")))
        .isInstanceOf(ErasedObjectException.class);
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void theSameContentCannotBeStoredAgainAfterErasure() throws Exception {
    byte[] content = "rows".getBytes(StandardCharsets.UTF_8);
    Digest d = store.putBytes(content);
    store.erase(d, ErasureFact.unsigned("del-42", ERASED_AT));
    Path file = tmp.resolve("again.csv");
    Files.write(file, content);

    assertThatThrownBy(() -> store.putBytes(content))
        .isInstanceOf(ErasedObjectException.class)
        .hasMessageContaining("never stored again");
    assertThatThrownBy(() -> store.put(file)).isInstanceOf(ErasedObjectException.class);
    assertThat(store.contains(d)).isFalse();
  }

  @Test
  void erasingADirectoryErasesEveryFileAndKeepsTheListInTheTombstone() throws Exception {
    Path snapshot = tmp.resolve("snapshot");
    Files.createDirectories(snapshot.resolve("part"));
    Files.writeString(snapshot.resolve("part/a.csv"), "customer-4711,1\n");
    Files.writeString(snapshot.resolve("b.csv"), "customer-0815,2\n");
    Digest dir = store.put(snapshot);
    Digest a = Sha256.of("customer-4711,1\n".getBytes(StandardCharsets.UTF_8));
    Digest b = Sha256.of("customer-0815,2\n".getBytes(StandardCharsets.UTF_8));

    Tombstone t = store.erase(dir, ErasureFact.unsigned("del-42", ERASED_AT));

    assertThat(t.isDirectory()).isTrue();
    assertThat(t.directoryFiles()).containsExactlyInAnyOrder(a, b);
    assertThat(store.erasure(a)).isPresent();
    assertThat(store.erasure(b)).isPresent();
    assertThat(store.isDirectory(dir)).isFalse();
    assertThatThrownBy(() -> store.readManifest(dir)).isInstanceOf(ErasedObjectException.class);
    assertThat(grep(tmp.resolve("cas"), "customer-")).isFalse();
  }

  @Test
  void fsckReportsTombstonesAsErasedNeverAsCorruptOrMissing() throws Exception {
    Path snapshot = tmp.resolve("snapshot");
    Files.createDirectories(snapshot);
    Files.writeString(snapshot.resolve("a.csv"), "a\n");
    Digest dir = store.put(snapshot);
    Digest kept = store.putBytes("kept".getBytes(StandardCharsets.UTF_8));
    store.erase(dir, ErasureFact.unsigned("del-42", ERASED_AT));

    FsckReport report = store.fsck();

    assertThat(report.isClean()).isTrue();
    assertThat(report.corrupt()).isEmpty();
    assertThat(report.missing()).isEmpty();
    assertThat(report.erased())
        .containsExactlyInAnyOrder(dir, Sha256.of("a\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(report.erased()).doesNotContain(kept);
    assertThat(report.objectsChecked()).isEqualTo(1);
  }

  @Test
  void anInterruptedErasureIsReportedAndFinishedByErasingAgain() throws Exception {
    byte[] content = "rows".getBytes(StandardCharsets.UTF_8);
    Digest d = store.putBytes(content);
    Tombstone first = store.erase(d, ErasureFact.unsigned("del-42", ERASED_AT));
    // as if the process died after writing the tombstone, before deleting the object
    Path object =
        tmp.resolve("cas/objects/sha256/" + d.hex().substring(0, 2) + "/" + d.hex().substring(2));
    Files.write(object, content);

    assertThat(store.fsck().problems())
        .singleElement()
        .satisfies(p -> assertThat(p).contains(d.toString()).contains("erase it again"));
    assertThatThrownBy(() -> store.readBytes(d)).isInstanceOf(ErasedObjectException.class);

    Tombstone again = store.erase(d, ErasureFact.unsigned("del-99", ERASED_AT.plusSeconds(60)));

    assertThat(again).isEqualTo(first);
    assertThat(object).doesNotExist();
    assertThat(store.fsck().isClean()).isTrue();
  }

  @Test
  void erasingWhatWasNeverStoredIsRefused() {
    Digest d = Sha256.of("never".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> store.erase(d, ErasureFact.unsigned("del-42", ERASED_AT)))
        .isInstanceOf(MissingObjectException.class);
  }

  @Test
  void anAlteredTombstoneEnvelopeIsAProblemForFsck() throws Exception {
    Digest d = store.putBytes("rows".getBytes(StandardCharsets.UTF_8));
    store.erase(d, new ErasureFact("del-42", ERASED_AT, ENVELOPE));
    Path stone =
        tmp.resolve(
            "cas/tombstones/sha256/" + d.hex().substring(0, 2) + "/" + d.hex().substring(2));
    String json = Files.readString(stone);
    String forged =
        java.util.Base64.getEncoder().encodeToString("forged".getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        stone,
        json.replaceAll(
            "\"erasureEnvelope\" : \"[^\"]*\"", "\"erasureEnvelope\" : \"" + forged + "\""));

    assertThat(store.fsck().problems()).anySatisfy(p -> assertThat(p).contains("altered"));
    assertThat(store.fsck().erased()).isEmpty();
  }

  static boolean grep(Path dir, String needle) throws Exception {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (indexOf(Files.readAllBytes(f), n) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
