package dev.lineage.cli;

import dev.lineage.signing.DsseEnvelope;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.VerificationResult;
import dev.lineage.signing.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage verify --pub PUB ENVELOPE.json}: exit 0 only when a trusted key signed it. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = {
      "Verify a DSSE JSON envelope against trusted public keys.",
      "Exit 0 when enough distinct trusted keys signed it, 1 otherwise (reason on stderr)."
    })
public final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Option(
      names = "--pub",
      required = true,
      paramLabel = "PUB",
      description = "Trusted PEM public key (repeatable).")
  List<Path> publicKeys;

  @Option(
      names = "--threshold",
      paramLabel = "N",
      description = "Distinct trusted keys required (default ${DEFAULT-VALUE}).")
  int threshold = 1;

  @Parameters(paramLabel = "ENVELOPE.json", description = "DSSE JSON envelope.")
  Path envelope;

  @Override
  public Integer call() throws Exception {
    InputFiles.check(spec, "ENVELOPE.json", envelope);
    Verifier verifier = verifier(spec, publicKeys, threshold);
    DsseEnvelope env = DsseEnvelope.fromJson(Files.readAllBytes(envelope));
    VerificationResult result = verifier.verify(env);
    if (!result.verified()) {
      throw new CheckFailedException(result.reason());
    }
    spec.commandLine().getOut().println("verified: " + env.payloadType());
    for (String id : result.verifiedKeyIds()) {
      spec.commandLine().getOut().println("signed by " + id);
    }
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  static Verifier verifier(CommandSpec spec, List<Path> publicKeys, int threshold)
      throws IOException {
    List<PublicKey> keys = new ArrayList<>();
    for (Path p : publicKeys) {
      keys.add(KeyPairs.readPublicKey(p));
    }
    try {
      return new Verifier(keys, threshold);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
