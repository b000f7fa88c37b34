package dev.lineage.tlog.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Verifier keys, {@code <name>+<hex key ID>+<base64(signature type || public key)>}
 * (c2sp.org/signed-note, "Verifier keys"). Types 0x01 (Ed25519 notes) and 0x04 (cosignature/v1,
 * c2sp.org/tlog-cosignature) are understood.
 */
public final class VerifierKeys {
  private VerifierKeys() {}

  public static String format(String name, int keyId, byte type, byte[] publicKey) {
    byte[] material = new byte[1 + publicKey.length];
    material[0] = type;
    System.arraycopy(publicKey, 0, material, 1, publicKey.length);
    return name + "+" + KeyIds.hex(keyId) + "+" + Base64.getEncoder().encodeToString(material);
  }

  /**
   * Parses a vkey, checking that its key ID is the one its name, type and key imply.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static NoteVerifier parse(String vkey) {
    // the base64 key may itself hold '+': only the first two separate parts
    String[] parts = vkey.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "a vkey is <name>+<hex key ID>+<base64 key>, got " + parts.length + " part(s)");
    }
    String name = parts[0];
    if (!KeyIds.isValidName(name)) {
      throw new IllegalArgumentException("vkey name \"" + name + "\" is not a valid key name");
    }
    if (!parts[1].matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException(
          "vkey key ID \"" + parts[1] + "\" is not 8 lowercase hex digits");
    }
    int keyId = HexFormat.fromHexDigits(parts[1]);
    byte[] material;
    try {
      material = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("vkey key is not base64: " + e.getMessage(), e);
    }
    if (material.length == 0) {
      throw new IllegalArgumentException("vkey key is empty");
    }
    byte[] key = Arrays.copyOfRange(material, 1, material.length);
    if (key.length != Ed25519KeyPair.KEY_SIZE) {
      throw new IllegalArgumentException(
          "vkey key is " + key.length + " bytes, an Ed25519 key is " + Ed25519KeyPair.KEY_SIZE);
    }
    NoteVerifier v =
        switch (material[0]) {
          case KeyIds.ED25519 -> new Ed25519NoteVerifier(name, key);
          case KeyIds.COSIGNATURE_V1 -> new CosignatureV1Verifier(name, key);
          default ->
              throw new IllegalArgumentException(
                  String.format("vkey signature type 0x%02x is not supported", material[0] & 0xFF));
        };
    if (v.keyId() != keyId) {
      throw new IllegalArgumentException(
          "vkey key ID "
              + parts[1]
              + " does not match its name and key, which give "
              + KeyIds.hex(v.keyId()));
    }
    return v;
  }
}
