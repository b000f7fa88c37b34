package dev.lineage.hash;

import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifest text of a directory: one line {@code <64 hex> <relative path>\n} per regular file,
 * sorted bytewise by relative path: exactly what {@code find . -type f -printf '%P\0' | LC_ALL=C
 * sort -z | xargs -0 sha256sum} prints. The directory's digest is the SHA-256 of this text.
 *
 * <p>An empty directory has an empty manifest, whose digest is the SHA-256 of nothing (the
 * coreutils check needs {@code xargs -r} there, since plain {@code xargs} would hash stdin).
 */
public final class DirectoryManifest {

  /** One file of the directory. */
  public record Entry(String path, Digest digest) {}

  private final List<Entry> entries;
  private final byte[] text;
  private final Digest digest;

  /**
   * A manifest of these entries; they must be sorted bytewise by path, unique, and every path must
   * be a safe relative path.
   */
  public DirectoryManifest(List<Entry> entries) {
    this.entries = List.copyOf(entries);
    StringBuilder b = new StringBuilder();
    String previous = null;
    for (Entry e : this.entries) {
      String problem = pathProblem(e.path());
      if (problem != null) {
        throw new IllegalArgumentException("manifest path '" + e.path() + "': " + problem);
      }
      if (previous != null && FileTree.BYTEWISE.compare(previous, e.path()) >= 0) {
        throw new IllegalArgumentException(
            "manifest paths must be sorted bytewise and unique: '"
                + previous
                + "' then '"
                + e.path()
                + "'");
      }
      previous = e.path();
      b.append(e.digest().hex()).append("  ").append(e.path()).append('\n');
    }
    this.text = b.toString().getBytes(StandardCharsets.UTF_8);
    this.digest = Sha256.of(text);
  }

  /**
   * Reads a manifest text back, strictly: the same bytes as {@link #bytes()} would produce, or an
   * {@link IllegalArgumentException} saying which line is wrong.
   */
  public static DirectoryManifest parse(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("directory manifest is not valid UTF-8", e);
    }
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("directory manifest does not end with a newline");
    }
    List<Entry> entries = new ArrayList<>();
    int lineNo = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      String line = text.substring(start, end);
      lineNo++;
      if (line.length() < 67 || !line.startsWith("  ", 64)) {
        throw new IllegalArgumentException(
            "directory manifest line " + lineNo + " is not '<64 hex>  <path>'");
      }
      Digest d;
      try {
        d = Digest.ofHex(line.substring(0, 64));
      } catch (InvalidIdException e) {
        throw new IllegalArgumentException(
            "directory manifest line " + lineNo + ": " + e.getMessage(), e);
      }
      entries.add(new Entry(line.substring(66), d));
      start = end + 1;
    }
    return new DirectoryManifest(entries);
  }

  /**
   * Why {@code path} cannot appear in a manifest, or null. Refused: empty, absolute, {@code .} or
   * {@code ..} or empty segments (a restore must stay inside its directory), backslashes and
   * control characters (sha256sum escapes some of them), and U+FFFD (a name that was not valid
   * UTF-8, or that the JVM decoded with a non-UTF-8 locale).
   */
  public static String pathProblem(String path) {
    if (path.isEmpty()) {
      return "empty path";
    }
    if (path.startsWith("/")) {
      return "absolute path";
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "empty, '.' or '..' path segment";
      }
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '\\') {
        return "contains a backslash, which sha256sum would escape; rename the file";
      }
      if (c < 0x20 || c == 0x7f) {
        return "contains a control character (newline, tab, ...), which sha256sum would escape"
            + " or which is unsafe to print; rename the file";
      }
      if (c == '\uFFFD') {
        return "the name is not valid UTF-8, or the JVM runs with a non-UTF-8 locale"
            + " (run with LC_ALL=C.UTF-8)";
      }
    }
    return null;
  }

  public List<Entry> entries() {
    return entries;
  }

  /** The manifest text as UTF-8 bytes. */
  public byte[] bytes() {
    return text.clone();
  }

  public String text() {
    return new String(text, StandardCharsets.UTF_8);
  }

  /** The directory digest: SHA-256 of the manifest text. */
  public Digest digest() {
    return digest;
  }
}
