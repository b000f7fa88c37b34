package dev.lineage.id;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 content digest in the OCI image-spec form {@code sha256:<64 lowercase hex>}. Anything
 * else (uppercase hex, another length, another algorithm) is refused, so two spellings of one
 * digest can never name two different things.
 */
public final class Digest implements Comparable<Digest> {
  public static final String PREFIX = "sha256:";
  public static final int HEX_LENGTH = 64;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The digest whose raw 32 bytes are {@code sha256}. */
  public static Digest of(byte[] sha256) {
    if (sha256 == null || sha256.length != 32) {
      throw new InvalidIdException(
          "a SHA-256 digest is 32 bytes, got " + (sha256 == null ? "null" : sha256.length));
    }
    return new Digest(sha256.clone());
  }

  /** Parses {@code sha256:<64 lowercase hex>}. */
  public static Digest parse(String text) {
    if (text == null) {
      throw new InvalidIdException("digest is missing; expected sha256:<64 lowercase hex>");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidIdException(
          "'" + shown(text) + "' is not a digest: expected sha256:<64 lowercase hex>");
    }
    String algorithm = text.substring(0, colon);
    if (!algorithm.equals("sha256")) {
      throw new InvalidIdException(
          "digest algorithm '"
              + shown(algorithm)
              + "' is not supported: only sha256:<64 lowercase hex> is accepted");
    }
    return ofHex(text.substring(colon + 1));
  }

  /** The digest whose hex form (without {@code sha256:}) is {@code hex}. */
  public static Digest ofHex(String hex) {
    if (hex.length() != HEX_LENGTH) {
      throw new InvalidIdException(
          "a sha256 digest has exactly 64 hex characters, got "
              + hex.length()
              + " in '"
              + shown(hex)
              + "'");
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean lowerHex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!lowerHex) {
        String why = (c >= 'A' && c <= 'F') ? "uppercase hex is not accepted" : "not a hex digit";
        throw new InvalidIdException(
            "invalid character '" + shown(String.valueOf(c)) + "' in sha256 digest: " + why);
      }
    }
    return new Digest(HEX.parseHex(hex));
  }

  /** True when {@code text} is a digest in the accepted form. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (InvalidIdException e) {
      return false;
    }
  }

  /** The 64 lowercase hex characters, without the algorithm prefix. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** A copy of the 32 raw bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public String toString() {
    return PREFIX + hex();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(Digest o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /** Quotes user input in messages without letting control characters or huge strings through. */
  static String shown(String s) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) {
      b.append("...");
    }
    return b.toString();
  }
}
