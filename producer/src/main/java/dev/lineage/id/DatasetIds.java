package dev.lineage.id;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The percent-encoding of the parts of a {@code dataset:} id. Exactly {@code %}, {@code |},
 * {@code @} and the bytes outside visible ASCII (0x21..0x7E) are encoded, with uppercase hex;
 * decoding refuses any other spelling, so a dataset has one id and two ids never name one dataset.
 */
final class DatasetIds {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private DatasetIds() {}

  static String encode(String what, String part) {
    if (part == null || part.isEmpty()) {
      throw new InvalidIdException(what + " is empty");
    }
    StringBuilder out = new StringBuilder(part.length());
    for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x21 || c > 0x7e || c == '%' || c == '|' || c == '@') {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append((char) c);
      }
    }
    return out.toString();
  }

  static String decode(String what, String encoded) {
    if (encoded.isEmpty()) {
      throw new InvalidIdException(what + " is empty");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new InvalidIdException(what + " has a '%' not followed by two hex digits");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidIdException(what + " does not decode to UTF-8 text");
    }
    if (!encode(what, decoded).equals(encoded)) {
      throw new InvalidIdException(
          what
              + " '"
              + Digest.shown(encoded)
              + "' is not in canonical form: encode exactly '%', '|', '@' and bytes outside"
              + " visible ASCII, with uppercase hex (canonical: '"
              + Digest.shown(encode(what, decoded))
              + "')");
    }
    return decoded;
  }
}
