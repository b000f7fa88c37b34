package dev.lineage.tlog.note;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.OptionalLong;

/** Verifies type 0x04 cosignature/v1 signatures of one cosigner (c2sp.org/tlog-cosignature). */
public final class CosignatureV1Verifier implements NoteVerifier {
  /** 8-byte timestamp plus a 64-byte Ed25519 signature. */
  public static final int SIGNATURE_SIZE = 8 + Ed25519KeyPair.SIGNATURE_SIZE;

  private final String name;
  private final byte[] publicKey;
  private final int keyId;

  public CosignatureV1Verifier(String name, byte[] publicKey) {
    if (publicKey.length != Ed25519KeyPair.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is 32 bytes, got " + publicKey.length);
    }
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = KeyIds.keyId(name, KeyIds.COSIGNATURE_V1, publicKey);
  }

  /** The timestamp of a cosignature/v1 signature, or empty when it is not one. */
  public static OptionalLong timestamp(byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return OptionalLong.empty();
    }
    long t = ByteBuffer.wrap(signature, 0, 8).getLong();
    return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
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
  public boolean verify(byte[] checkpointBody, byte[] signature) {
    OptionalLong t = timestamp(signature);
    if (t.isEmpty()) {
      return false;
    }
    byte[] message = CosignatureV1Signer.signedMessage(t.getAsLong(), checkpointBody);
    return Ed25519KeyPair.verify(
        publicKey, message, Arrays.copyOfRange(signature, 8, signature.length));
  }

  @Override
  public String vkey() {
    return VerifierKeys.format(name, keyId, KeyIds.COSIGNATURE_V1, publicKey);
  }
}
