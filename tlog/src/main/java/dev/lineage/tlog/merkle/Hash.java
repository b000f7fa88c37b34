package dev.lineage.tlog.merkle;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 value in the tree: a leaf hash, an interior node hash or a root. Exactly 32 bytes; the
 * array is copied in and out so a hash cannot change after it was checked.
 */
public final class Hash {
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A hash over a copy of {@code bytes}, which must be exactly 32 bytes long. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + SIZE + " bytes, got " + bytes.length + " byte(s)");
    }
    return new Hash(bytes.clone());
  }

  /** Parses 64 hex digits (either case). */
  public static Hash fromHex(String hex) {
    if (hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException(
          "a hash is " + 2 * SIZE + " hex digits, got " + hex.length() + " character(s)");
    }
    return new Hash(HexFormat.of().parseHex(hex));
  }

  /** Parses standard (RFC 4648 §4) base64 of 32 bytes. */
  public static Hash fromBase64(String base64) {
    byte[] b;
    try {
      b = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not standard base64: " + e.getMessage(), e);
    }
    if (b.length != SIZE || !Base64.getEncoder().encodeToString(b).equals(base64)) {
      throw new IllegalArgumentException(
          "not the canonical base64 of a " + SIZE + "-byte hash: \"" + base64 + "\"");
    }
    return new Hash(b);
  }

  /** Reads the 32 bytes at {@code offset} of {@code data}. */
  public static Hash slice(byte[] data, int offset) {
    return new Hash(Arrays.copyOfRange(data, offset, offset + SIZE));
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 32 bytes into {@code dst} at {@code offset}, without an intermediate copy. */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, SIZE);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
