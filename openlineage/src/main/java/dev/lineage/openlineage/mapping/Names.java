package dev.lineage.openlineage.mapping;

import java.nio.charset.StandardCharsets;

/**
 * The percent-encoding of {@code dataset:} id parts (NodeId's grammar), for process names: exactly
 * {@code %}, {@code |}, {@code @} and bytes outside visible ASCII are encoded, uppercase hex.
 */
final class Names {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Names() {}

  static String encode(String part) {
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
}
