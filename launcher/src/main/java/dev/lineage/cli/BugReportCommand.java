package dev.lineage.cli;

import dev.lineage.avro.BugReported;
import dev.lineage.publish.Events;
import dev.lineage.signing.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage bug-report}: a signed report of a bug in a process over a time window. */
@Command(
    name = "bug-report",
    mixinStandardHelpOptions = true,
    description = {
      "Report a bug in a process: its runs of the affected versions in the window, and"
          + " everything downstream of them, are suspect.",
      "Signs a BugReported event and publishes it on the bug-reports topic.",
      "Versions compare segment by segment (2.10 > 2.9); both bounds are inclusive.",
      "Topics keep events forever: --description must never hold personal data.",
      "Prints the report id, then the record's position and envelope digest."
    })
public final class BugReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--process",
      required = true,
      paramLabel = "NAME",
      description = "The process with the bug, e.g. fraud_signal_extractor.")
  String process;

  @Option(
      names = "--min-version",
      paramLabel = "V",
      description = "First affected version (default: from the first).")
  String minVersion;

  @Option(
      names = "--max-version",
      paramLabel = "V",
      description = "Last affected version (default: up to the latest).")
  String maxVersion;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "ISO",
      converter = Converters.InstantConverter.class,
      description = "When the bug went live (inclusive), e.g. 2025-01-01T00:00:00Z.")
  Instant from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "ISO",
      converter = Converters.InstantConverter.class,
      description = "When it was fixed (exclusive).")
  Instant to;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "PEM private key of a PRODUCER or ADMIN.")
  Path key;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "What the bug is. Kept forever: never personal data.")
  String description;

  @Option(
      names = "--report-id",
      paramLabel = "ID",
      description = "Id of the report, the record key (default: bug-<random UUID>).")
  String reportId;

  @Override
  public Integer call() throws Exception {
    if (!to.isAfter(from)) {
      throw new ParameterException(
          spec.commandLine(), "--to (" + to + ") must be after --from (" + from + ")");
    }
    Signer signer = Signer.fromPrivateKeyFile(key);
    String id = reportId != null ? reportId : "bug-" + UUID.randomUUID();
    BugReported event =
        KafkaOptions.event(
            spec,
            () ->
                Events.bugReport(id, process, from, to)
                    .minVersion(minVersion)
                    .maxVersion(maxVersion)
                    .description(description)
                    .build());
    kafka.publish(spec, signer, client -> client.reportBug(event), BugReported::getReportId);
    return ExitCodes.OK;
  }
}
