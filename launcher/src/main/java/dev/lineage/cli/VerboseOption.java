package dev.lineage.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: errors come with their stack trace (so does {@code LINEAGE_VERBOSE=1}). */
public final class VerboseOption {
  @Option(
      names = "--verbose",
      description = "Print stack traces with errors (also: environment LINEAGE_VERBOSE=1).")
  boolean verbose;
}
