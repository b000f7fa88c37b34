package dev.lineage.signing;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.interfaces.ECPrivateKey;
import org.bouncycastle.jce.spec.ECParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Key generation, PEM files and key ids. Private keys are PKCS#8 PEM, created with mode 0600 from
 * the first byte (never written and then narrowed); public keys are SubjectPublicKeyInfo PEM. The
 * key id is the lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
 */
public final class KeyPairs {
  private KeyPairs() {}

  public static KeyPair generate(Algorithm algorithm) {
    try {
      return switch (algorithm) {
        case ECDSA_P256_SHA256 -> {
          KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BouncyCastle.provider());
          g.initialize(new ECGenParameterSpec("secp256r1"));
          yield g.generateKeyPair();
        }
        case ED25519 ->
            KeyPairGenerator.getInstance("Ed25519", BouncyCastle.provider()).generateKeyPair();
      };
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("BouncyCastle cannot generate " + algorithm, e);
    }
  }

  /** Lowercase hex SHA-256 of the key's DER SubjectPublicKeyInfo. */
  public static String keyId(PublicKey key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  /** The algorithm of a public key, or a refusal for anything but P-256 and Ed25519. */
  public static Algorithm algorithmOf(PublicKey key) {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
    } catch (RuntimeException e) {
      throw new KeyFormatException("public key has no SubjectPublicKeyInfo encoding", e);
    }
    ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
    if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return Algorithm.ED25519;
    }
    if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      if (SECObjectIdentifiers.secp256r1.equals(spki.getAlgorithm().getParameters())) {
        return Algorithm.ECDSA_P256_SHA256;
      }
      throw new KeyFormatException(
          "EC key on an unsupported curve; only NIST P-256 (named curve) is accepted");
    }
    throw new KeyFormatException(
        "unsupported key algorithm " + alg.getId() + "; only ECDSA P-256 and Ed25519 are accepted");
  }

  public static String publicKeyPem(PublicKey key) {
    algorithmOf(key);
    return pem("PUBLIC KEY", key.getEncoded());
  }

  public static String privateKeyPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /**
   * Writes the private key as PKCS#8 PEM to a new file created with mode 0600; refuses to replace
   * an existing file.
   */
  public static void writePrivateKey(PrivateKey key, Path file) throws IOException {
    byte[] bytes = privateKeyPem(key).getBytes(StandardCharsets.US_ASCII);
    Set<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<Set<PosixFilePermission>> ownerOnly =
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    SeekableByteChannel ch;
    try {
      ch = Files.newByteChannel(file, options, ownerOnly);
    } catch (UnsupportedOperationException notPosix) {
      throw new IOException(
          "cannot create " + file + " readable by its owner only on this file system", notPosix);
    }
    try (ch) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  /** Writes the public key as SubjectPublicKeyInfo PEM to a new file. */
  public static void writePublicKey(PublicKey key, Path file) throws IOException {
    Files.writeString(
        file, publicKeyPem(key), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
  }

  /** Reads a PEM public key ({@code PUBLIC KEY}). */
  public static PublicKey readPublicKey(Path file) throws IOException {
    return parsePublicKey(readAscii(file), file.toString());
  }

  public static PublicKey parsePublicKey(String pem, String source) throws IOException {
    Object o = readPem(pem, source);
    if (!(o instanceof SubjectPublicKeyInfo spki)) {
      throw new KeyFormatException(
          source + " is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
    PublicKey key;
    try {
      key =
          KeyFactory.getInstance(
                  spki.getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)
                      ? "Ed25519"
                      : "EC",
                  BouncyCastle.provider())
              .generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new KeyFormatException(source + ": unusable public key: " + e.getMessage(), e);
    }
    algorithmOf(key);
    return key;
  }

  /**
   * Reads a PEM private key (PKCS#8 {@code PRIVATE KEY}, or SEC1 {@code EC PRIVATE KEY} as openssl
   * writes it) and derives its public half.
   */
  public static KeyPair readPrivateKey(Path file) throws IOException {
    return parsePrivateKey(readAscii(file), file.toString());
  }

  public static KeyPair parsePrivateKey(String pem, String source) throws IOException {
    Object o = readPem(pem, source);
    if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
      throw new KeyFormatException(source + " is an encrypted private key; give it unencrypted");
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.provider());
    PrivateKey priv;
    if (o instanceof PrivateKeyInfo info) {
      priv = converter.getPrivateKey(info);
    } else if (o instanceof PEMKeyPair pair) {
      priv = converter.getPrivateKey(pair.getPrivateKeyInfo());
    } else {
      throw new KeyFormatException(
          source + " is not a PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    PublicKey pub = publicOf(priv, source);
    algorithmOf(pub);
    return new KeyPair(pub, priv);
  }

  private static PublicKey publicOf(PrivateKey priv, String source) {
    try {
      if (priv instanceof ECPrivateKey ec) {
        ECParameterSpec params = ec.getParameters();
        if (params == null) {
          throw new KeyFormatException(source + ": EC private key without curve parameters");
        }
        return KeyFactory.getInstance("EC", BouncyCastle.provider())
            .generatePublic(
                new ECPublicKeySpec(params.getG().multiply(ec.getD()).normalize(), params));
      }
      if (priv instanceof EdDSAPrivateKey ed) {
        return ed.getPublicKey();
      }
    } catch (GeneralSecurityException e) {
      throw new KeyFormatException(source + ": cannot derive the public key", e);
    }
    throw new KeyFormatException(
        source + ": unsupported private key " + priv.getAlgorithm() + "; use P-256 or Ed25519");
  }

  /** PEM is ASCII; a file that is not must still reach the parser and be refused as not-a-key. */
  private static String readAscii(Path file) throws IOException {
    if (Files.exists(file) && !Files.isRegularFile(file)) {
      // a FIFO would block the read until someone writes to it
      throw new KeyFormatException(
          file
              + (Files.isDirectory(file) ? " is a directory" : " is not a regular file")
              + ", not a key file");
    }
    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
  }

  private static Object readPem(String pem, String source) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (o == null) {
        throw new KeyFormatException(source + " holds no PEM block");
      }
      return o;
    } catch (IOException | IllegalArgumentException e) {
      if (e instanceof KeyFormatException k) {
        throw k;
      }
      throw new KeyFormatException(source + ": unreadable PEM: " + e.getMessage(), e);
    }
  }
}
