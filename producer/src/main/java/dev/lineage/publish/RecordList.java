package dev.lineage.publish;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The record-key list of a deletion request as its requester keeps it: salted. The object kept is
 * one header line holding a random 256-bit salt, then the list's bytes unchanged:
 *
 * <pre>#lineage-record-set v1 salt=&lt;64 hex&gt;
 * key-1
 * key-2
 * ...</pre>
 *
 * The deletion request carries the sha256 of that whole object (its content address), never the
 * salt, so someone who guesses a list (one customer id, a few low-entropy keys) cannot confirm the
 * guess by hashing it; whoever holds the object can still check it against the digest. Readers of
 * the object skip the header ({@link #HEADER_PREFIX}).
 */
public final class RecordList {
  /** How the header line starts; the salt's 64 hex characters and a newline follow. */
  public static final String HEADER_PREFIX = "#lineage-record-set v1 salt=";

  private static final int SALT_BYTES = 32;

  /**
   * A salted list as written.
   *
   * @param digest sha256 of the whole object: what the deletion request carries
   * @param count the number of non-empty lines of the list (a line of blanks is empty)
   */
  public record Salted(Digest digest, long count) {}

  private RecordList() {}

  /**
   * Writes the salted object of {@code list} to {@code out} (created; it must not exist), with a
   * fresh salt from {@code random}, in one pass that also hashes it and counts the list's keys.
   */
  public static Salted salt(Path list, Path out, SecureRandom random) throws IOException {
    try (InputStream in = Files.newInputStream(list);
        OutputStream o = Files.newOutputStream(out, StandardOpenOption.CREATE_NEW)) {
      return salt(in, o, random);
    }
  }

  /**
   * Writes the salted object of the list read from {@code in} to {@code out}, as {@link #salt(Path,
   * Path, SecureRandom)}; neither stream is closed. Lets a caller put the salted object straight
   * into an encrypting stream, never on disk in the clear.
   */
  public static Salted salt(InputStream in, OutputStream o, SecureRandom random)
      throws IOException {
    Objects.requireNonNull(random, "random");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] header =
        (HEADER_PREFIX + HexFormat.of().formatHex(salt) + "\n").getBytes(StandardCharsets.US_ASCII);
    MessageDigest sha = Sha256.newDigest();
    sha.update(header);
    LineCounter lines = new LineCounter();
    byte[] buffer = new byte[1 << 16];
    o.write(header);
    for (int n; (n = in.read(buffer)) > 0; ) {
      sha.update(buffer, 0, n);
      lines.add(buffer, n);
      o.write(buffer, 0, n);
    }
    return new Salted(Digest.of(sha.digest()), lines.count());
  }

  /**
   * The digest and key count of a salted object as stored.
   *
   * @throws IllegalArgumentException if it does not start with a salted header
   */
  public static Salted describe(byte[] salted) {
    int start = bodyStart(salted);
    LineCounter lines = new LineCounter();
    lines.add(Arrays.copyOfRange(salted, start, salted.length), salted.length - start);
    return new Salted(Sha256.of(salted), lines.count());
  }

  /**
   * The record keys of a salted object: its non-empty lines after the header, trailing carriage
   * returns and blanks removed.
   *
   * @throws IllegalArgumentException if it does not start with a salted header
   */
  public static List<String> keys(byte[] salted) {
    int start = bodyStart(salted);
    List<String> keys = new ArrayList<>();
    for (String line :
        new String(salted, start, salted.length - start, StandardCharsets.UTF_8).split("\n")) {
      String key = line.strip();
      if (!key.isEmpty()) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** True when {@code prefix} (the first bytes of an object) is a salted record list's header. */
  public static boolean looksSalted(byte[] prefix) {
    byte[] h = HEADER_PREFIX.getBytes(StandardCharsets.US_ASCII);
    return prefix.length >= h.length && Arrays.equals(prefix, 0, h.length, h, 0, h.length);
  }

  private static int bodyStart(byte[] salted) {
    int headerLength = HEADER_PREFIX.length() + 2 * SALT_BYTES + 1;
    if (!looksSalted(salted)
        || salted.length < headerLength
        || salted[headerLength - 1] != '\n'
        || !new String(salted, HEADER_PREFIX.length(), 2 * SALT_BYTES, StandardCharsets.US_ASCII)
            .matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException(
          "not a salted record list: it must start with " + HEADER_PREFIX + "<64 hex>");
    }
    return headerLength;
  }

  /** Counts non-empty lines (a line of blanks, tabs or a lone carriage return is empty). */
  static final class LineCounter {
    private long count;
    private boolean content;

    void add(byte[] bytes, int length) {
      for (int i = 0; i < length; i++) {
        byte c = bytes[i];
        if (c == '\n') {
          if (content) {
            count++;
          }
          content = false;
        } else if (c != ' ' && c != '\t' && c != '\r') {
          content = true;
        }
      }
    }

    long count() {
      return content ? count + 1 : count;
    }
  }
}
