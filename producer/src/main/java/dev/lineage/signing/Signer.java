package dev.lineage.signing;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * Signs DSSE payloads with one key. ECDSA signatures are deterministic (RFC 6979) and DER-encoded,
 * so signing the same payload twice gives the same envelope bytes and the same stored digest;
 * Ed25519 is deterministic by design.
 */
public final class Signer {
  private final KeyPair keyPair;
  private final Algorithm algorithm;
  private final String keyId;

  public Signer(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.algorithm = KeyPairs.algorithmOf(keyPair.getPublic());
    this.keyId = KeyPairs.keyId(keyPair.getPublic());
  }

  /** A signer for the PEM private key in {@code file}. */
  public static Signer fromPrivateKeyFile(Path file) throws IOException {
    return new Signer(KeyPairs.readPrivateKey(file));
  }

  public String keyId() {
    return keyId;
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public PublicKey publicKey() {
    return keyPair.getPublic();
  }

  /** A DSSE signature over {@code PAE(payloadType, payload)}, with this key's id as the hint. */
  public DsseSignature sign(String payloadType, byte[] payload) {
    return new DsseSignature(keyId, signRaw(Pae.encode(payloadType, payload)));
  }

  /** An envelope holding the payload and this key's signature. */
  public DsseEnvelope envelope(String payloadType, byte[] payload) {
    return new DsseEnvelope(payloadType, payload, List.of(sign(payloadType, payload)));
  }

  /** The signature over {@code message} itself (no PAE). */
  public byte[] signRaw(byte[] message) {
    try {
      Signature s =
          Signature.getInstance(
              algorithm == Algorithm.ED25519 ? "Ed25519" : "SHA256withECDDSA",
              BouncyCastle.provider());
      s.initSign(keyPair.getPrivate());
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing with " + algorithm + " failed", e);
    }
  }
}
