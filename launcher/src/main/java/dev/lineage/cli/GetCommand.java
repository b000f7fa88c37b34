package dev.lineage.cli;

import dev.lineage.id.Digest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage get DIGEST --out PATH}: restores a verified file or directory. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a stored file or directory to PATH, re-hashing every byte.",
      "Exit 1 when an object is corrupt or missing; nothing is left at PATH then."
    })
public final class GetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin CasOption cas;

  @Parameters(
      paramLabel = "DIGEST",
      converter = Converters.DigestConverter.class,
      description = "The digest of what to restore, sha256:<64 lowercase hex>.")
  Digest digest;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "PATH",
      description = "Where to restore it; must not exist, its directory must.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputFiles.check(spec, "--out", out);
    OutputFiles.write(spec, "--out", out, () -> cas.store().get(digest, out));
    return ExitCodes.OK;
  }
}
