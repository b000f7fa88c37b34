package dev.lineage.cli;

import dev.lineage.signing.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage sign --key KEY --payload-type TYPE FILE}: a DSSE JSON envelope on stdout. */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = "Sign FILE as a DSSE v1 envelope and print its JSON on standard output.")
public final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key.")
  Path key;

  @Option(
      names = "--payload-type",
      required = true,
      paramLabel = "TYPE",
      description = "DSSE payload type, e.g. application/vnd.in-toto+json.")
  String payloadType;

  @Parameters(paramLabel = "FILE", description = "The payload.")
  Path file;

  @Override
  public Integer call() throws Exception {
    InputFiles.check(spec, "FILE", file);
    Signer signer = Signer.fromPrivateKeyFile(key);
    byte[] payload = Files.readAllBytes(file);
    spec.commandLine().getOut().println(signer.envelope(payloadType, payload).toJsonString());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
