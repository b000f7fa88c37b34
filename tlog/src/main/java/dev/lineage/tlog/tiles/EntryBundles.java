package dev.lineage.tlog.tiles;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry bundle encoding of c2sp.org/tlog-tiles ("Log entries"): each entry prefixed with its
 * length as a big-endian uint16, so an entry holds at most 65,535 bytes.
 */
public final class EntryBundles {
  public static final int MAX_ENTRY_LENGTH = 0xFFFF;

  private EntryBundles() {}

  public static byte[] encode(List<byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] e : entries) {
      appendTo(out, e);
    }
    return out.toByteArray();
  }

  static void appendTo(ByteArrayOutputStream out, byte[] entry) {
    checkLength(entry);
    out.write(entry.length >>> 8);
    out.write(entry.length & 0xFF);
    out.write(entry, 0, entry.length);
  }

  /** Refuses an entry the bundle format cannot carry, before anything is hashed or written. */
  public static void checkLength(byte[] entry) {
    if (entry.length > MAX_ENTRY_LENGTH) {
      throw new IllegalArgumentException(
          "a log entry holds at most "
              + MAX_ENTRY_LENGTH
              + " bytes (uint16 length prefix), got "
              + entry.length);
    }
  }

  /** The entries of a bundle; refuses a truncated bundle or trailing bytes. */
  public static List<byte[]> decode(byte[] bundle) {
    List<byte[]> out = new ArrayList<>();
    int i = 0;
    while (i < bundle.length) {
      if (i + 2 > bundle.length) {
        throw new IllegalArgumentException(
            "entry bundle truncated in the length prefix of entry " + out.size());
      }
      int len = ((bundle[i] & 0xFF) << 8) | (bundle[i + 1] & 0xFF);
      i += 2;
      if (i + len > bundle.length) {
        throw new IllegalArgumentException(
            "entry bundle truncated: entry "
                + out.size()
                + " declares "
                + len
                + " bytes, "
                + (bundle.length - i)
                + " remain");
      }
      byte[] e = new byte[len];
      System.arraycopy(bundle, i, e, 0, len);
      out.add(e);
      i += len;
    }
    return out;
  }
}
