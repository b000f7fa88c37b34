package dev.lineage.tlog.note;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Key names and IDs of c2sp.org/signed-note. */
public final class KeyIds {
  /** Signature type 0x01: Ed25519 over the note text (c2sp.org/signed-note). */
  public static final byte ED25519 = 0x01;

  /** Signature type 0x04: timestamped Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature). */
  public static final byte COSIGNATURE_V1 = 0x04;

  private KeyIds() {}

  /** {@code SHA-256(name || 0x0A || type || public key)[:4]} as a big-endian int. */
  public static int keyId(String name, byte type, byte[] publicKey) {
    checkName(name);
    MessageDigest d;
    try {
      d = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
    d.update(name.getBytes(StandardCharsets.UTF_8));
    d.update((byte) '\n');
    d.update(type);
    d.update(publicKey);
    byte[] h = d.digest();
    return ((h[0] & 0xFF) << 24) | ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
  }

  /** Key names are non-empty and hold no Unicode space and no {@code +}. */
  public static void checkName(String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "key name \"" + name + "\" must be non-empty, without spaces or '+'");
    }
  }

  public static boolean isValidName(String name) {
    return !name.isEmpty()
        && name.codePoints()
            .noneMatch(c -> c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c))
        && name.chars().noneMatch(c -> c < 0x20);
  }

  public static String hex(int keyId) {
    return String.format("%08x", keyId);
  }
}
