package dev.lineage.tlog.note;

import java.util.Base64;

/** Verifies type 0x01 Ed25519 note signatures of one named key. */
public final class Ed25519NoteVerifier implements NoteVerifier {
  private final String name;
  private final byte[] publicKey;
  private final int keyId;

  public Ed25519NoteVerifier(String name, byte[] publicKey) {
    if (publicKey.length != Ed25519KeyPair.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = KeyIds.keyId(name, KeyIds.ED25519, publicKey);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyId() {
    return keyId;
  }

  @Override
  public boolean verify(byte[] text, byte[] signature) {
    return Ed25519KeyPair.verify(publicKey, text, signature);
  }

  @Override
  public String vkey() {
    return VerifierKeys.format(name, keyId, KeyIds.ED25519, publicKey);
  }

  @Override
  public String toString() {
    return name
        + "+"
        + KeyIds.hex(keyId)
        + " (Ed25519 "
        + Base64.getEncoder().encodeToString(publicKey)
        + ")";
  }
}
