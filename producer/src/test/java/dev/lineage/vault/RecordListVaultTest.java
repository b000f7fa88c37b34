package dev.lineage.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.cas.ContentStore;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.publish.RecordList;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordListVaultTest {
  static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");
  static final String KEYS = "customer-4711\ncustomer-0815\r\n\n  customer-1234  \n";

  @TempDir Path data;
  RecordListVault vault;

  @BeforeEach
  void setUp() {
    vault = RecordListVault.at(data.resolve("vault"), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void aStoredListReadsBackAsItsSaltedObjectUnderTheDigestTheRequestCarries() throws Exception {
    RecordListVault.Entry entry = vault.store("del-42", stream(KEYS));

    byte[] salted = vault.read("del-42");

    assertThat(new String(salted, StandardCharsets.UTF_8))
        .startsWith(RecordList.HEADER_PREFIX)
        .endsWith(KEYS);
    assertThat(entry.digest()).isEqualTo(Sha256.of(salted));
    assertThat(entry.count()).isEqualTo(3);
    assertThat(entry.state()).isEqualTo(RecordListVault.State.STORED);
    assertThat(vault.recordKeys("del-42"))
        .containsExactly("customer-4711", "customer-0815", "customer-1234");
    assertThat(vault.find("del-42")).contains(entry);
    assertThat(RecordListVault.location("del-42")).isEqualTo("vault:del-42");
  }

  @Test
  void nothingOnDiskHoldsTheKeysInTheClearAndTheDataKeyIsOwnerOnly() throws Exception {
    vault.store("del-42", stream(KEYS));

    assertThat(grep(data, "customer-4711")).isEmpty();
    try (Stream<Path> keys = Files.list(data.resolve("vault/keys"))) {
      Path key = keys.filter(p -> p.toString().endsWith(".key")).findFirst().orElseThrow();
      assertThat(Files.getPosixFilePermissions(key))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.size(key)).isEqualTo(32);
    }
    assertThat(Files.getPosixFilePermissions(data.resolve("vault/keys")))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void afterDestroyNoCopyCanBeReadNotEvenACiphertextKeptAside() throws Exception {
    vault.store("del-42", stream(KEYS));
    Path list = onlyFile(data.resolve("vault/lists"), ".list");
    byte[] keptAside = Files.readAllBytes(list);

    RecordListVault.Entry erased = vault.destroy("del-42");

    assertThat(erased.state()).isEqualTo(RecordListVault.State.ERASED);
    assertThat(erased.erasedAt()).isEqualTo(NOW);
    assertThat(list).doesNotExist();
    try (Stream<Path> keys = Files.list(data.resolve("vault/keys"))) {
      assertThat(keys).isEmpty();
    }
    assertThatThrownBy(() -> vault.read("del-42"))
        .isInstanceOfSatisfying(
            RecordListErasedException.class, e -> assertThat(e.erasedAt()).isEqualTo(NOW))
        .hasMessageContaining("del-42 was erased");
    // whoever copied the ciphertext before holds nothing: putting it back does not help
    Files.write(list, keptAside);
    assertThatThrownBy(() -> vault.recordKeys("del-42"))
        .isInstanceOf(RecordListErasedException.class);
    // the digest stays, for the audit trail
    assertThat(vault.find("del-42").orElseThrow().digest()).isNotNull();
    assertThat(vault.destroy("del-42")).isEqualTo(erased);
  }

  @Test
  void aListIsKeptOncePerRequestAndUnknownRequestsAreNamed() throws Exception {
    vault.store("del-42", stream(KEYS));

    assertThatThrownBy(() -> vault.store("del-42", stream("other\n")))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    assertThatThrownBy(() -> vault.read("del-43"))
        .isInstanceOf(UnknownRecordListException.class)
        .hasMessageContaining("del-43");
    assertThatThrownBy(() -> vault.storeSalted("del-44", "plain list\n".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a salted record list");
  }

  @Test
  void anAlteredCiphertextIsRefused() throws Exception {
    vault.store("del-42", stream(KEYS));
    Path list = onlyFile(data.resolve("vault/lists"), ".list");
    byte[] bytes = Files.readAllBytes(list);
    bytes[bytes.length - 1] ^= 1;
    Files.write(list, bytes);

    assertThatThrownBy(() -> vault.read("del-42")).hasMessageContaining("does not decrypt");
  }

  @Test
  void migrationMovesKnownListsOutOfTheStoreAndReportsTheOthers() throws Exception {
    ContentStore cas = new ContentStore(data.resolve("cas"));
    Path known = data.resolve("known.salted");
    Path orphan = data.resolve("orphan.salted");
    RecordList.Salted knownList =
        RecordList.salt(plain("known.txt", KEYS), known, new SecureRandom());
    RecordList.Salted orphanList =
        RecordList.salt(plain("orphan.txt", "visitor-99\n"), orphan, new SecureRandom());
    cas.put(known);
    cas.put(orphan);
    Digest model = cas.putBytes("model weights".getBytes(StandardCharsets.UTF_8));
    Files.delete(known);
    Files.delete(orphan);
    Files.delete(data.resolve("known.txt"));
    Files.delete(data.resolve("orphan.txt"));
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    RecordListMigration.Report report =
        RecordListMigration.migrate(cas, vault, Map.of(knownList.digest(), "del-42"), clock);

    assertThat(report.with(RecordListMigration.Outcome.MOVED))
        .containsExactly(
            new RecordListMigration.Item(
                knownList.digest(), "del-42", RecordListMigration.Outcome.MOVED));
    assertThat(report.with(RecordListMigration.Outcome.UNMATCHED))
        .extracting(RecordListMigration.Item::digest)
        .containsExactly(orphanList.digest());
    assertThat(report.items()).extracting(RecordListMigration.Item::digest).doesNotContain(model);
    assertThat(report.toText()).contains("MOVED  request del-42").contains("UNMATCHED");
    assertThat(vault.find("del-42").orElseThrow().digest()).isEqualTo(knownList.digest());
    assertThat(vault.recordKeys("del-42")).contains("customer-4711");
    assertThatThrownBy(() -> cas.readBytes(knownList.digest()))
        .isInstanceOf(ErasedObjectException.class)
        .hasMessageContaining("del-42");
    assertThat(cas.readBytes(model)).isNotEmpty();

    vault.destroy("del-42");

    // the whole data directory: store, vault lists, vault keys
    assertThat(grep(data, "customer-4711")).isEmpty();
    assertThat(grep(data, "customer-0815")).isEmpty();
    assertThat(grep(data, "customer-1234")).isEmpty();
    // the unmatched list stays where it was, reported
    assertThat(grep(data, "visitor-99")).hasSize(1);
    assertThat(RecordListMigration.migrate(cas, vault, Map.of(), clock).items())
        .extracting(RecordListMigration.Item::outcome)
        .containsExactly(RecordListMigration.Outcome.UNMATCHED);
    assertThat(cas.fsck().isClean()).isTrue();
  }

  private Path plain(String name, String content) throws Exception {
    Path p = data.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static Path onlyFile(Path dir, String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(suffix)).toList();
      assertThat(files).hasSize(1);
      return files.get(0);
    }
  }

  /** Every regular file under {@code dir} whose bytes contain {@code needle}. */
  static List<Path> grep(Path dir, String needle) throws Exception {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                try {
                  return contains(Files.readAllBytes(f), n);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
