package dev.lineage.cli;

import dev.lineage.hash.ContentHasher;
import dev.lineage.hash.TerminalProgressBar;
import dev.lineage.id.Digest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lineage hash PATH}: the digest of a file or directory, alone on standard output. */
@Command(
    name = "hash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the sha256 digest of a file, or of a directory by its manifest text.",
      "A directory digest can be checked with coreutils alone:",
      "  cd DIR && find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum"
          + " | sha256sum"
    })
public final class HashCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;

  @Parameters(paramLabel = "PATH", description = "File or directory to hash.")
  Path path;

  @Option(
      names = "--follow-symlinks",
      description = "Hash what symbolic links point to (like find -L) instead of refusing them.")
  boolean followSymlinks;

  @Override
  public Integer call() throws Exception {
    Digest digest;
    try (TerminalProgressBar bar = TerminalProgressBar.onStderr("hashing")) {
      digest =
          ContentHasher.builder().followSymlinks(followSymlinks).progress(bar).build().hash(path);
    }
    spec.commandLine().getOut().println(digest);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
