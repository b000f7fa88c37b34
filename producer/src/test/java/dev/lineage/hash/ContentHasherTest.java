package dev.lineage.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.id.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHasherTest {
  @TempDir Path tmp;

  /** The coreutils check from the design, run for real. */
  static String coreutilsDirectoryDigest(Path dir) throws IOException, InterruptedException {
    return run(
        dir, "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum");
  }

  static String run(Path dir, String script) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit of: " + script).isZero();
    return out;
  }

  @Test
  void directoryDigestEqualsTheCoreutilsPipelineOnAnAwkwardTree() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Digest ours = ContentHasher.create().hash(dir);
    String theirs = coreutilsDirectoryDigest(dir);
    assertThat(theirs).isEqualTo(ours.hex() + "  -\n");
  }

  @Test
  void manifestTextIsWhatSha256sumPrints() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    DirectoryManifest m = ContentHasher.create().manifest(dir);
    String listing =
        run(dir, "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum");
    assertThat(m.text()).isEqualTo(listing);
    assertThat(m.digest()).isEqualTo(Sha256.of(listing.getBytes(StandardCharsets.UTF_8)));
    assertThat(DirectoryManifest.parse(m.bytes()).digest()).isEqualTo(m.digest());
  }

  @Test
  void parallelAndSequentialHashingAgree() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    for (int i = 0; i < 40; i++) {
      TestTrees.write(dir.resolve("many/f" + i), TestTrees.bytes(i * 997, i));
    }
    Digest one = ContentHasher.builder().threads(1).build().hash(dir);
    Digest four = ContentHasher.builder().threads(4).build().hash(dir);
    assertThat(four).isEqualTo(one);
    assertThat(coreutilsDirectoryDigest(dir)).isEqualTo(one.hex() + "  -\n");
  }

  @Test
  void fileDigestEqualsSha256sum() throws Exception {
    Path f = tmp.resolve("weights with space.bin");
    Files.write(f, TestTrees.bytes(3 * Sha256.BUFFER_SIZE + 17, 7));
    Digest d = ContentHasher.create().hash(f);
    assertThat(run(tmp, "sha256sum < 'weights with space.bin'")).isEqualTo(d.hex() + "  -\n");
  }

  @Test
  void emptyFileAndEmptyDirectory() throws Exception {
    Path f = Files.createFile(tmp.resolve("empty"));
    String emptySha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    assertThat(ContentHasher.create().hash(f).hex()).isEqualTo(emptySha);
    Path d = Files.createDirectories(tmp.resolve("d/sub"));
    assertThat(ContentHasher.create().hash(d).hex()).isEqualTo(emptySha);
    // plain xargs would hash stdin for an empty listing; -r is the check for an empty directory
    assertThat(
            run(
                d,
                "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -r0 sha256sum"
                    + " | sha256sum"))
        .isEqualTo(emptySha + "  -\n");
  }

  @Test
  void symbolicLinksAreRefusedNamingTheLink() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Path link = Files.createSymbolicLink(dir.resolve("a/link"), dir.resolve("b"));
    assertThatThrownBy(() -> ContentHasher.create().hash(dir))
        .isInstanceOf(UnhashablePathException.class)
        .hasMessageContaining("symbolic link refused")
        .hasMessageContaining(link.toString());
    assertThatThrownBy(() -> ContentHasher.create().hash(link))
        .isInstanceOf(UnhashablePathException.class);
  }

  @Test
  void followedLinksHashLikeFindL() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    Files.createSymbolicLink(dir.resolve("a/link"), dir.resolve("b"));
    Files.createSymbolicLink(dir.resolve("linked dir"), dir.resolve("données"));
    Digest d = ContentHasher.builder().followSymlinks(true).build().hash(dir);
    String theirs =
        run(
            dir,
            "find -L . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum"
                + " | sha256sum");
    assertThat(theirs).isEqualTo(d.hex() + "  -\n");
  }

  @Test
  void linkCyclesAndBrokenLinksAreRefusedWhenFollowing() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("cyc/x"));
    Files.createSymbolicLink(dir.resolve("up"), dir.getParent());
    ContentHasher follow = ContentHasher.builder().followSymlinks(true).build();
    assertThatThrownBy(() -> follow.hash(dir.getParent()))
        .isInstanceOf(UnhashablePathException.class)
        .hasMessageContaining("cycle");
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.createSymbolicLink(broken.resolve("gone"), broken.resolve("nowhere"));
    assertThatThrownBy(() -> follow.hash(broken)).hasMessageContaining("broken symbolic link");
  }

  @Test
  void namesThatSha256sumWouldEscapeAreRefused() throws Exception {
    for (String name : List.of("back\\slash", "new\nline", "car\rriage", "tab\there")) {
      Path dir = Files.createDirectories(tmp.resolve("n" + name.hashCode()));
      Files.writeString(dir.resolve(name), "x");
      assertThatThrownBy(() -> ContentHasher.create().hash(dir))
          .as(name)
          .isInstanceOf(UnhashablePathException.class)
          .hasMessageContaining("rename the file");
    }
  }

  @Test
  void progressReachesTheTotal() throws Exception {
    Path dir = TestTrees.awkward(tmp.resolve("tree"));
    List<long[]> calls = new ArrayList<>();
    ContentHasher h =
        ContentHasher.builder()
            .threads(2)
            .progress(
                (done, total) -> {
                  synchronized (calls) {
                    calls.add(new long[] {done, total});
                  }
                })
            .build();
    h.hash(dir);
    long total = FileTree.scan(dir, false).totalBytes();
    assertThat(calls).isNotEmpty();
    assertThat(calls.stream().mapToLong(c -> c[0]).max().orElseThrow()).isEqualTo(total);
    assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(total));
  }

  @Test
  void manifestParsingIsStrict() {
    String line = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  ";
    assertThatThrownBy(() -> DirectoryManifest.parse((line + "../x\n").getBytes()))
        .hasMessageContaining("'..'");
    assertThatThrownBy(() -> DirectoryManifest.parse((line + "/etc/x\n").getBytes()))
        .hasMessageContaining("absolute");
    assertThatThrownBy(() -> DirectoryManifest.parse((line + "b\n" + line + "a\n").getBytes()))
        .hasMessageContaining("sorted");
    assertThatThrownBy(() -> DirectoryManifest.parse((line + "a").getBytes()))
        .hasMessageContaining("newline");
    assertThatThrownBy(() -> DirectoryManifest.parse(line.toUpperCase().getBytes()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
