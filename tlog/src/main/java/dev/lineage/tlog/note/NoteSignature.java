package dev.lineage.tlog.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * One signature line of a note: {@code — <name> base64(key ID || signature)}. The signature bytes
 * here exclude the 4-byte key ID.
 */
public record NoteSignature(String name, int keyId, byte[] signature) {
  /** The em dash (U+2014) and space that open every signature line. */
  public static final String PREFIX = "\u2014 ";

  public NoteSignature {
    KeyIds.checkName(name);
    if (signature.length == 0) {
      throw new IllegalArgumentException("a signature line needs signature bytes after the key ID");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The line, with its final newline. */
  public String line() {
    byte[] all = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
    return PREFIX + name + " " + Base64.getEncoder().encodeToString(all) + "\n";
  }

  /** Who signed, as {@code name+hexid} (Go's note package spells keys this way in errors). */
  public String keyLabel() {
    return name + "+" + KeyIds.hex(keyId);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature s
        && name.equals(s.name)
        && keyId == s.keyId
        && Arrays.equals(signature, s.signature);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + keyId) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return line().strip();
  }
}
