package dev.lineage.translog;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One leaf of the transparency log (issue 16): an accepted envelope, named by its digest, with the
 * broker's append time the acceptance was decided at and the source it was accepted from. The leaf
 * is the tree's entry as is ({@code MTH} hashes {@code 0x00 || entry}), so its bytes are a
 * contract: one ASCII line,
 *
 * <pre>
 * sha256:&lt;64 lowercase hex&gt; SP &lt;append time, decimal epoch milliseconds&gt; SP &lt;source&gt; LF
 * </pre>
 *
 * <p>e.g. {@code sha256:9f86…0a08 1767225600000 artifacts\n}. The source is the topic's name
 * without the deployment's prefix ({@code artifacts}, {@code runs}, {@code approvals}, ...), so a
 * deployment under another prefix builds the same tree from the same events. Parsing is strict (one
 * spelling per leaf: no leading zeros, no other whitespace), so no two byte strings name one leaf.
 *
 * <p>The leaf carries no envelope: whoever holds the envelope hashes it and finds its leaf; whoever
 * holds only the leaf learns nothing personal (DESIGN §4: no personal data on any topic).
 */
public record LogLeaf(String envelopeDigest, long appendedAt, String source) {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern LINE =
      Pattern.compile("(sha256:[0-9a-f]{64}) (0|[1-9][0-9]{0,18}) ([a-z0-9][a-z0-9-]{0,63})\n");

  public LogLeaf {
    Objects.requireNonNull(envelopeDigest, "envelopeDigest");
    Objects.requireNonNull(source, "source");
    if (!DIGEST.matcher(envelopeDigest).matches()) {
      throw new IllegalArgumentException(
          "an envelope digest is sha256: and 64 lowercase hex digits, got \""
              + envelopeDigest
              + "\"");
    }
    if (appendedAt < 0) {
      throw new IllegalArgumentException("an append time is not negative, got " + appendedAt);
    }
    if (!SOURCE.matcher(source).matches()) {
      throw new IllegalArgumentException(
          "a source is 1 to 64 of a-z, 0-9 and '-', starting with a letter or digit, got \""
              + source
              + "\"");
    }
  }

  /**
   * The leaf of an envelope accepted from {@code topic}, named without {@code prefix} (the
   * deployment's topic prefix).
   */
  public static LogLeaf of(String envelopeDigest, long appendedAt, String topic, String prefix) {
    String source =
        !prefix.isEmpty() && topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
    return new LogLeaf(envelopeDigest, appendedAt, source);
  }

  /** The leaf's bytes: the entry the tree hashes. */
  public byte[] encode() {
    return (envelopeDigest + " " + appendedAt + " " + source + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses a leaf's bytes.
   *
   * @throws IllegalArgumentException naming what is wrong, if they are not exactly one leaf line
   */
  public static LogLeaf parse(byte[] entry) {
    if (entry == null) {
      throw new IllegalArgumentException("a leaf has bytes, got none");
    }
    for (byte b : entry) {
      if (b < 0x0a || b > 0x7e) {
        throw new IllegalArgumentException("a leaf is printable ASCII and one final newline");
      }
    }
    String line = new String(entry, StandardCharsets.US_ASCII);
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a leaf is \"sha256:<64 hex> <append millis> <source>\\n\", got \""
              + line.replace("\n", "\\n")
              + "\"");
    }
    long appendedAt;
    try {
      appendedAt = Long.parseLong(m.group(2));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("append time out of range: " + m.group(2), e);
    }
    return new LogLeaf(m.group(1), appendedAt, m.group(3));
  }
}
