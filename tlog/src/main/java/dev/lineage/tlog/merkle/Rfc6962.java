package dev.lineage.tlog.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Merkle tree hash of RFC 6962 §2.1 (unchanged in RFC 9162 §2.1.1): leaves and interior nodes
 * are domain-separated so that a leaf can never be passed off as a node.
 *
 * <pre>
 * MTH({})       = SHA-256()
 * MTH({d(0)})   = SHA-256(0x00 || d(0))
 * MTH(D[n])     = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])),  k the largest power of two &lt; n
 * </pre>
 */
public final class Rfc6962 {
  /** {@code MTH({})}: SHA-256 of the empty string. */
  public static final Hash EMPTY_ROOT = Hash.of(sha256().digest());

  private Rfc6962() {}

  /** {@code SHA-256(0x00 || data)}. */
  public static Hash leafHash(byte[] data) {
    MessageDigest d = sha256();
    d.update((byte) 0x00);
    d.update(data);
    return Hash.of(d.digest());
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static Hash nodeHash(Hash left, Hash right) {
    byte[] buf = new byte[1 + 2 * Hash.SIZE];
    buf[0] = 0x01;
    left.copyTo(buf, 1);
    right.copyTo(buf, 1 + Hash.SIZE);
    return Hash.of(sha256().digest(buf));
  }

  /** The largest power of two strictly smaller than {@code n}, for {@code n >= 2}. */
  static long splitPoint(long n) {
    if (n < 2) {
      throw new IllegalArgumentException("only a tree of two or more leaves splits, got " + n);
    }
    return Long.highestOneBit(n - 1);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
