package dev.lineage.tlog.note;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * An Ed25519 key in the raw form signed notes use (RFC 8032: a 32-byte seed, a 32-byte public key).
 * Log and witness keys are kept as the project's PEM files ({@link KeyPairs}) and converted here.
 */
public final class Ed25519KeyPair {
  public static final int KEY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;

  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  private Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = privateKey;
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  public static Ed25519KeyPair fromSeed(byte[] seed) {
    if (seed.length != KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is " + KEY_SIZE + " bytes, got " + seed.length);
    }
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(seed, 0));
  }

  public static Ed25519KeyPair generate() {
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(new SecureRandom()));
  }

  /** Converts an Ed25519 JCA key pair (as {@link KeyPairs#generate} or a PEM file gives). */
  public static Ed25519KeyPair fromJca(KeyPair keyPair) {
    if (KeyPairs.algorithmOf(keyPair.getPublic()) != Algorithm.ED25519) {
      throw new IllegalArgumentException(
          "signed notes need an Ed25519 key, got " + KeyPairs.algorithmOf(keyPair.getPublic()));
    }
    AsymmetricKeyParameter p;
    try {
      p = PrivateKeyFactory.createKey(keyPair.getPrivate().getEncoded());
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable Ed25519 private key", e);
    }
    return new Ed25519KeyPair((Ed25519PrivateKeyParameters) p);
  }

  /** Reads a PKCS#8 PEM Ed25519 private key file. */
  public static Ed25519KeyPair readPem(Path file) throws IOException {
    return fromJca(KeyPairs.readPrivateKey(file));
  }

  /** The 32-byte RFC 8032 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] sign(byte[] message) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, privateKey);
    s.update(message, 0, message.length);
    return s.generateSignature();
  }

  /** Whether {@code signature} is a valid RFC 8032 signature of {@code message}. */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != KEY_SIZE || signature.length != SIGNATURE_SIZE) {
      return false;
    }
    Ed25519Signer s = new Ed25519Signer();
    s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
    s.update(message, 0, message.length);
    return s.verifySignature(signature);
  }
}
