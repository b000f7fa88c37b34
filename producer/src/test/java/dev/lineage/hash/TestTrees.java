package dev.lineage.hash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Awkward directory trees for digest tests. */
public final class TestTrees {
  private TestTrees() {}

  /**
   * Nested folders, spaces, non-ASCII names, empty files, names whose bytewise order differs from a
   * naive or locale-aware order ({@code a-b}, {@code a.b}, {@code a/b}, {@code B}, {@code é}).
   */
  public static Path awkward(Path root) throws IOException {
    write(root.resolve("model weights.bin"), bytes(200_000, 1));
    write(root.resolve("empty"), new byte[0]);
    write(root.resolve("a/b"), "inside a\n");
    write(root.resolve("a-b"), "dash\n");
    write(root.resolve("a.b"), "dot\n");
    write(root.resolve("B"), "upper\n");
    write(root.resolve("b"), "lower\n");
    write(root.resolve("données/été 2024/naïve.csv"), "x,y\n1,2\n");
    write(root.resolve("données/日本語.txt"), "こんにちは\n");
    write(root.resolve("deep/er/and/deeper/file with  two spaces"), "");
    write(root.resolve("deep/er/and/deeper/z"), bytes(70_000, 2));
    write(root.resolve("é"), "accent\n");
    Files.createDirectories(root.resolve("an empty dir/inside"));
    return root;
  }

  static void write(Path p, String s) throws IOException {
    write(p, s.getBytes(StandardCharsets.UTF_8));
  }

  static void write(Path p, byte[] b) throws IOException {
    Files.createDirectories(p.getParent());
    Files.write(p, b);
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
