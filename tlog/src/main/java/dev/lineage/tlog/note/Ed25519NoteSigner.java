package dev.lineage.tlog.note;

/** Plain Ed25519 note signatures, type 0x01 (c2sp.org/signed-note, "Ed25519 signatures"). */
public final class Ed25519NoteSigner implements NoteSigner {
  private final String name;
  private final Ed25519KeyPair key;
  private final int keyId;

  public Ed25519NoteSigner(String name, Ed25519KeyPair key) {
    this.name = name;
    this.key = key;
    this.keyId = KeyIds.keyId(name, KeyIds.ED25519, key.publicKey());
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
  public byte[] sign(byte[] text) {
    return key.sign(text);
  }

  public Ed25519NoteVerifier verifier() {
    return new Ed25519NoteVerifier(name, key.publicKey());
  }
}
