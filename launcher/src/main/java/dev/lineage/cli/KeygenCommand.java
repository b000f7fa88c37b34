package dev.lineage.cli;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage keygen --out PREFIX}: a new signing key pair. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Generate a signing key pair: PREFIX.key (PKCS#8 PEM, mode 0600) and PREFIX.pub"
          + " (SubjectPublicKeyInfo PEM).",
      "Prints the key id: hex SHA-256 of the DER public key."
    })
public final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PREFIX",
      description =
          "Path and file name to write PREFIX.key and PREFIX.pub to, e.g. keys/producer; its"
              + " directory must exist.")
  String prefix;

  @Option(
      names = "--algorithm",
      paramLabel = "ALG",
      converter = Converters.AlgorithmConverter.class,
      description = "p256 (ECDSA P-256/SHA-256, default) or ed25519.")
  Algorithm algorithm = Algorithm.ECDSA_P256_SHA256;

  @Override
  public Integer call() throws Exception {
    String name =
        Path.of(prefix).getFileName() == null ? "" : Path.of(prefix).getFileName().toString();
    if (prefix.isBlank() || prefix.endsWith("/") || name.equals(".") || name.equals("..")) {
      // '' or 'dir/' would write the hidden files .key and .pub
      throw new ParameterException(
          spec.commandLine(),
          "--out needs a file name to put .key and .pub after, e.g. keys/producer; got '"
              + prefix
              + "'");
    }
    Path out = OutputFiles.check(spec, "--out", Path.of(prefix));
    Path key = Path.of(prefix + ".key");
    Path pub = Path.of(prefix + ".pub");
    for (Path p : new Path[] {key, pub}) {
      if (Files.exists(p)) {
        throw new FileAlreadyExistsException(p.toString());
      }
    }
    KeyPair kp = KeyPairs.generate(algorithm);
    OutputFiles.write(spec, "--out", out, () -> KeyPairs.writePrivateKey(kp.getPrivate(), key));
    try {
      OutputFiles.write(spec, "--out", out, () -> KeyPairs.writePublicKey(kp.getPublic(), pub));
    } catch (IOException | RuntimeException e) {
      // half a key pair is no use and its private half should not linger
      Files.deleteIfExists(key);
      throw e;
    }
    spec.commandLine().getOut().println(KeyPairs.keyId(kp.getPublic()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
