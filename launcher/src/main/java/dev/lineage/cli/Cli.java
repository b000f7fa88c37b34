package dev.lineage.cli;

import picocli.CommandLine;

/**
 * Builds a configured {@link CommandLine} for any lineage command. The launcher registers the
 * commands as subcommands of {@code lineage} and then calls {@link #configure} on the top command,
 * so that every subcommand maps errors the same way.
 */
public final class Cli {
  private Cli() {}

  /** A command line for one command (or a command with its subcommands). */
  public static CommandLine commandLine(Object command) {
    return configure(new CommandLine(command));
  }

  /** Installs the error mapping; call after all subcommands are added. */
  public static CommandLine configure(CommandLine commandLine) {
    CliErrors errors = new CliErrors();
    commandLine.setExecutionExceptionHandler(errors);
    commandLine.setParameterExceptionHandler(errors);
    return commandLine;
  }
}
