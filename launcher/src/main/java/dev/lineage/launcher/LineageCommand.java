package dev.lineage.launcher;

import dev.lineage.cli.ApproveCommand;
import dev.lineage.cli.AssessCommand;
import dev.lineage.cli.BugReportCommand;
import dev.lineage.cli.CompareCommand;
import dev.lineage.cli.DeleteCommand;
import dev.lineage.cli.EmitCommand;
import dev.lineage.cli.FsckCommand;
import dev.lineage.cli.GetCommand;
import dev.lineage.cli.HashCommand;
import dev.lineage.cli.InvalidateCommand;
import dev.lineage.cli.KeygenCommand;
import dev.lineage.cli.KeysCommand;
import dev.lineage.cli.ManifestCommand;
import dev.lineage.cli.PutCommand;
import dev.lineage.cli.RetrainedCommand;
import dev.lineage.cli.SignCommand;
import dev.lineage.cli.VerifyCommand;
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
    subcommands = {
      UpCommand.class,
      BrokerCommand.class,
      StreamsCommand.class,
      ImpactCommand.class,
      AclsCommand.class,
      WitnessCommand.class,
      EvidenceCommand.class,
      VerifyEvidenceCommand.class,
      TriggersCommand.class,
      QueryCommand.class,
      HashCommand.class,
      PutCommand.class,
      GetCommand.class,
      FsckCommand.class,
      KeygenCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      ManifestCommand.class,
      EmitCommand.class,
      KeysCommand.class,
      ApproveCommand.class,
      VerifyDeploymentCommand.class,
      CompareCommand.class,
      DeleteCommand.class,
      BugReportCommand.class,
      OpenLineageCommand.class,
      ObligationsCommand.class,
      AuditCommand.class,
      RecordListsCommand.class,
      RetrainedCommand.class,
      OrchestrateCommand.class,
      AssessCommand.class,
      InvalidateCommand.class
    })
final class LineageCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required");
  }

  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"lineage " + (v == null ? "(development build)" : v)};
    }
  }
}
