package dev.lineage.cli;

import dev.lineage.cas.ContentStore;
import dev.lineage.hash.TerminalProgressBar;
import dev.lineage.id.Digest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage put PATH}: stores a file or directory and prints its digest. */
@Command(
    name = "put",
    mixinStandardHelpOptions = true,
    description = {
      "Store a file or directory in the content-addressed store; print its digest.",
      "An object already stored is re-hashed: one found corrupt is rewritten from PATH, and said"
          + " so on stderr."
    })
public final class PutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin CasOption cas;

  @Parameters(paramLabel = "PATH", description = "File or directory to store.")
  Path path;

  @Option(names = "--follow-symlinks", description = "Store what symbolic links point to.")
  boolean followSymlinks;

  @Override
  public Integer call() throws Exception {
    ContentStore.PutResult stored;
    try (TerminalProgressBar bar = TerminalProgressBar.onStderr("storing")) {
      stored = cas.store().store(path, followSymlinks, bar);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (Digest d : stored.repaired()) {
      err.println(
          "lineage put: repaired "
              + d
              + ": the stored object did not match its digest and was rewritten from "
              + path);
    }
    err.flush();
    spec.commandLine().getOut().println(stored.digest());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
