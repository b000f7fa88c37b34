package dev.lineage.cas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.hash.ContentHasher;
import dev.lineage.hash.DirectoryManifest;
import dev.lineage.hash.TestTrees;
import dev.lineage.hash.UnhashablePathException;
import dev.lineage.id.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path tmp;
  ContentStore store;

  @BeforeEach
  void setUp() {
    store = new ContentStore(tmp.resolve("cas"));
  }

  @Test
  void storesAFileUnderItsDigestReadOnly() throws Exception {
    Path f = tmp.resolve("model.bin");
    Files.writeString(f, "weights");
    Digest d = store.put(f);
    assertThat(d).isEqualTo(ContentHasher.create().hash(f));
    Path object = store.path(d).orElseThrow();
    assertThat(object)
        .isEqualTo(
            tmp.resolve("cas/objects/sha256")
                .resolve(d.hex().substring(0, 2))
                .resolve(d.hex().substring(2)));
    assertThat(Files.getPosixFilePermissions(object))
        .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    assertThat(store.contains(d)).isTrue();
    assertThat(store.isDirectory(d)).isFalse();
    try (Stream<Path> s = Files.list(tmp.resolve("cas/tmp"))) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void storingAnExistingObjectChangesNothing() throws Exception {
    Path f = tmp.resolve("model.bin");
    Files.writeString(f, "weights");
    Digest d = store.put(f);
    Path object = store.path(d).orElseThrow();
    FileTime before = Files.getLastModifiedTime(object);
    Object inode = Files.readAttributes(object, "unix:ino").get("ino");
    Files.setLastModifiedTime(f, FileTime.fromMillis(0));
    assertThat(store.put(f)).isEqualTo(d);
    assertThat(store.putBytes("weights".getBytes(StandardCharsets.UTF_8))).isEqualTo(d);
    assertThat(Files.getLastModifiedTime(object)).isEqualTo(before);
    assertThat(Files.readAttributes(object, "unix:ino").get("ino")).isEqualTo(inode);
  }

  @Test
  void getRestoresAFileAndRefusesToOverwrite() throws Exception {
    Path f = tmp.resolve("model.bin");
    Files.write(f, new byte[] {1, 2, 3});
    Digest d = store.put(f);
    Path out = Files.createDirectory(tmp.resolve("out")).resolve("restored.bin");
    store.get(d, out);
    assertThat(Files.readAllBytes(out)).containsExactly(1, 2, 3);
    assertThat(Files.isWritable(out)).isTrue();
    assertThatThrownBy(() -> store.get(d, out)).isInstanceOf(FileAlreadyExistsException.class);
  }

  @Test
  void directoryRoundTripsAsManifestPlusFiles() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Digest d = store.put(dir);
    assertThat(d).isEqualTo(ContentHasher.create().hash(dir));
    assertThat(store.isDirectory(d)).isTrue();
    DirectoryManifest m = store.readManifest(d);
    assertThat(m.entries()).hasSize(12);
    for (DirectoryManifest.Entry e : m.entries()) {
      assertThat(store.contains(e.digest())).as(e.path()).isTrue();
    }
    Path out = tmp.resolve("restored");
    store.get(d, out);
    assertThat(ContentHasher.create().hash(out)).isEqualTo(d);
    assertThat(Files.readString(out.resolve("données/日本語.txt"))).isEqualTo("こんにちは\n");
    assertThat(store.fsck().isClean()).isTrue();
  }

  @Test
  void aFileThatLooksLikeAManifestStaysAFile() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    DirectoryManifest m = ContentHasher.create().manifest(dir);
    Path listing = tmp.resolve("SHA256SUMS");
    Files.write(listing, m.bytes());
    Digest d = store.put(listing);
    assertThat(d).isEqualTo(m.digest());
    assertThat(store.isDirectory(d)).isFalse();
    Path out = tmp.resolve("out");
    store.get(d, out);
    assertThat(Files.isRegularFile(out)).isTrue();
  }

  @Test
  void symbolicLinksAreRefused() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Files.createSymbolicLink(dir.resolve("link"), dir.resolve("b"));
    assertThatThrownBy(() -> store.put(dir)).isInstanceOf(UnhashablePathException.class);
    assertThat(store.put(dir, true, null))
        .isEqualTo(ContentHasher.builder().followSymlinks(true).build().hash(dir));
  }

  @Test
  void corruptedObjectIsDetectedByGetAndFsck() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Digest dirDigest = store.put(dir);
    Path f = tmp.resolve("model.bin");
    Files.writeString(f, "the model weights");
    Digest fileDigest = store.put(f);
    flipAByte(store.path(fileDigest).orElseThrow());

    Path out = tmp.resolve("out.bin");
    assertThatThrownBy(() -> store.get(fileDigest, out))
        .isInstanceOf(CorruptObjectException.class)
        .hasMessageContaining(fileDigest.toString());
    assertThat(out).doesNotExist();
    assertThat(tmp).isDirectoryNotContaining("glob:**/.out.bin.lineage-*");

    FsckReport report = store.fsck();
    assertThat(report.isClean()).isFalse();
    assertThat(report.corrupt()).containsExactly(fileDigest);
    // 12 files of which two are empty (one object), the manifest, the model
    assertThat(report.objectsChecked()).isEqualTo(13);

    // a corrupt member of a directory fails the directory's restore and leaves nothing behind
    Digest member = store.readManifest(dirDigest).entries().get(0).digest();
    flipAByte(store.path(member).orElseThrow());
    Path restored = tmp.resolve("restored");
    assertThatThrownBy(() -> store.get(dirDigest, restored))
        .isInstanceOf(CorruptObjectException.class);
    assertThat(restored).doesNotExist();
    assertThat(store.fsck().corrupt()).containsExactlyInAnyOrder(fileDigest, member);
  }

  @Test
  void fsckReportsMissingMembersOfADirectory() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Digest d = store.put(dir);
    DirectoryManifest.Entry victim = store.readManifest(d).entries().get(3);
    Files.delete(store.path(victim.digest()).orElseThrow());
    FsckReport report = store.fsck();
    assertThat(report.missing())
        .containsExactly(new FsckReport.Missing(d, victim.path(), victim.digest()));
    assertThatThrownBy(() -> store.get(d, tmp.resolve("restored")))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(victim.path());
  }

  @Test
  void missingObjectsAndStrayFiles() throws Exception {
    Digest absent = Digest.parse("sha256:" + "ab".repeat(32));
    assertThat(store.contains(absent)).isFalse();
    assertThat(store.path(absent)).isEmpty();
    assertThatThrownBy(() -> store.get(absent, tmp.resolve("x")))
        .isInstanceOf(MissingObjectException.class);
    store.putBytes(new byte[] {42});
    Files.writeString(tmp.resolve("cas/objects/sha256/zz"), "junk");
    FsckReport report = store.fsck();
    assertThat(report.problems()).singleElement().asString().contains("unexpected file");
    assertThat(report.objectsChecked()).isEqualTo(1);
  }

  @Test
  void getMakesNoDirectoriesOnTheWay() throws Exception {
    Path f = tmp.resolve("model.bin");
    Files.write(f, new byte[] {1, 2, 3});
    Digest d = store.put(f);
    Path out = tmp.resolve("no/such/dir/restored.bin");
    assertThatThrownBy(() -> store.get(d, out))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining(tmp.resolve("no/such/dir").toString());
    assertThat(tmp.resolve("no")).doesNotExist();
  }

  @Test
  void puttingTheRightContentAgainRepairsACorruptObject() throws Exception {
    Path f = tmp.resolve("model.bin");
    Files.writeString(f, "weights");
    Digest d = store.put(f);
    Path object = store.path(d).orElseThrow();
    flipAByte(object);
    assertThat(store.fsck().corrupt()).containsExactly(d);

    ContentStore.PutResult again = store.store(f, false, null);
    assertThat(again.digest()).isEqualTo(d);
    assertThat(again.repaired()).containsExactly(d);
    assertThat(store.fsck().isClean()).isTrue();
    assertThat(store.readBytes(d)).isEqualTo("weights".getBytes(StandardCharsets.UTF_8));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object)))
        .isEqualTo("r--r--r--");
    assertThat(store.store(f, false, null).repaired()).isEmpty();

    flipAByte(object);
    assertThat(store.putBytes("weights".getBytes(StandardCharsets.UTF_8))).isEqualTo(d);
    assertThat(store.fsck().isClean()).isTrue();
  }

  @Test
  void puttingADirectoryAgainRepairsItsCorruptMembersAndManifest() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Digest d = store.put(dir);
    Digest member = store.readManifest(d).entries().get(0).digest();
    flipAByte(store.path(member).orElseThrow());
    flipAByte(store.path(d).orElseThrow());
    assertThat(store.fsck().isClean()).isFalse();

    ContentStore.PutResult again = store.store(dir, false, null);
    assertThat(again.repaired()).containsExactlyInAnyOrder(d, member);
    assertThat(store.fsck().isClean()).isTrue();
  }

  @Test
  void emptyStoreIsClean() throws IOException {
    FsckReport r = store.fsck();
    assertThat(r.isClean()).isTrue();
    assertThat(r.objectsChecked()).isZero();
    assertThat(r.missing()).isEqualTo(List.of());
  }

  static void flipAByte(Path object) throws IOException {
    Files.setPosixFilePermissions(
        object, Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    byte[] b = Files.readAllBytes(object);
    b[b.length / 2] ^= 0x01;
    Files.write(object, b);
  }
}
