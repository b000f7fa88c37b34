package dev.lineage.launcher;

import dev.lineage.cli.CommandFailedException;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;

/**
 * The trust root of a local stack started without {@code --trust-root}: a P-256 key pair kept in
 * the data directory, made on the first start and reused after, so the events signed under it stay
 * trusted across restarts. Its private key signs the key grants that let producers publish.
 */
final class LocalTrust {
  private LocalTrust() {}

  /**
   * A key this stack keeps for itself (the impact service's), made on the first start and reused
   * after, so what it signed stays attributable to one key across restarts.
   */
  static Signer ensureKey(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      Files.createDirectories(keyFile.getParent());
      KeyPair pair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
      KeyPairs.writePrivateKey(pair.getPrivate(), keyFile);
      Path pub = keyFile.resolveSibling(keyFile.getFileName().toString().replace(".key", ".pub"));
      KeyPairs.writePublicKey(pair.getPublic(), pub);
    }
    return Signer.fromPrivateKeyFile(keyFile);
  }

  /** The public key file of the local root, created with its private key when missing. */
  static Path ensureRoot(Path keysDir, PrintWriter out) {
    Path key = keysDir.resolve("root.key");
    Path pub = keysDir.resolve("root.pub");
    try {
      PublicKey publicKey;
      if (Files.exists(pub)) {
        publicKey = KeyPairs.readPublicKey(pub);
      } else {
        Files.createDirectories(keysDir);
        KeyPair pair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
        KeyPairs.writePrivateKey(pair.getPrivate(), key);
        KeyPairs.writePublicKey(pair.getPublic(), pub);
        publicKey = pair.getPublic();
      }
      out.println(
          "lineage: trust root "
              + KeyPairs.keyId(publicKey)
              + " ("
              + pub
              + "); its private key "
              + key
              + " signs key grants");
      return pub;
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot read or create the local trust root in " + keysDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The transparency log's checkpoint key (Ed25519, as signed notes need), made on the first start
   * beside the other keys and reused after, so every checkpoint the log ever published verifies
   * with one public key ({@code log.pub}).
   */
  static void ensureLogKey(Path keyFile, String origin, PrintWriter out) {
    try {
      if (!Files.exists(keyFile)) {
        Files.createDirectories(keyFile.getParent());
        KeyPair pair = KeyPairs.generate(Algorithm.ED25519);
        KeyPairs.writePrivateKey(pair.getPrivate(), keyFile);
        KeyPairs.writePublicKey(
            pair.getPublic(),
            keyFile.resolveSibling(keyFile.getFileName().toString().replace(".key", ".pub")));
      }
      String vkey =
          new Ed25519NoteSigner(origin, Ed25519KeyPair.readPem(keyFile)).verifier().vkey();
      out.println("lineage: transparency log key " + vkey + " (" + keyFile + ")");
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailedException(
          "cannot read or create the transparency log key " + keyFile + ": " + e.getMessage(), e);
    }
  }
}
