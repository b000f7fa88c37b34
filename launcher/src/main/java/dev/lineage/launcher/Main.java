package dev.lineage.launcher;

import dev.lineage.cli.Cli;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.streams.StreamsSettings;
import picocli.CommandLine;

/** The {@code lineage} command: the one entry point of the CLI and of the local stack. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs a command line and returns its exit code: 0 success, 1 a check or the work failed, 2
   * usage.
   */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LineageCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    SettingFlags.addTo(cli.getSubcommands().get("streams"), StreamsSettings.DECLARED);
    SettingFlags.addTo(cli.getSubcommands().get("impact"), ImpactSettings.DECLARED);
    return Cli.configure(cli);
  }
}
