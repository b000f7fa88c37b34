package dev.lineage.launcher;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "lineage",
    mixinStandardHelpOptions = true,
    versionProvider = LineageCommand.Version.class,
    description =
        "Immutable, content-addressed ML artifacts and a signed, event-sourced lineage graph on Apache Kafka.",
    subcommands = {UpCommand.class})
final class LineageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required (see lineage --help)");
  }

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lineage " + (v == null ? "(development build)" : v)};
    }
  }
}
