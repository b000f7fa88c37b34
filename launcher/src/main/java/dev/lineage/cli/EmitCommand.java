package dev.lineage.cli;

import dev.lineage.avro.ArtifactKind;
import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.RunCompleted;
import dev.lineage.hash.ContentHasher;
import dev.lineage.hash.TerminalProgressBar;
import dev.lineage.id.Digest;
import dev.lineage.manifest.HardwareFingerprint;
import dev.lineage.publish.Events;
import dev.lineage.signing.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage emit artifact|run}: signed events of a pipeline, published to Kafka. */
@Command(
    name = "emit",
    mixinStandardHelpOptions = true,
    description = "Publish signed lineage events: an artifact registration or a completed run.",
    subcommands = {EmitCommand.Artifact.class, EmitCommand.Run.class})
public final class EmitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: artifact or run");
  }

  /** {@code emit artifact}. */
  @Command(
      name = "artifact",
      // no standard --version: here it is the artifact's version
      description = {
        "Register an artifact: sign an ArtifactRegistered event and publish it.",
        "With --file, the node id is the sha256 digest of the file or directory (--store also"
            + " puts it in the content-addressed store); with --id it is given: sha256:<hex>,"
            + " source:<name>, git:<commit>, oci:<repo>@sha256:<hex>.",
        "Prints the node id, then the record's position and envelope digest."
      })
  public static final class Artifact implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Mixin VerboseOption verbose;
    @Mixin KafkaOptions kafka;
    @Mixin CasOption cas;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "PEM private key of a PRODUCER.")
    Path key;

    @ArgGroup(multiplicity = "1")
    Subject subject;

    /** Exactly one of a file to hash or an id. */
    static final class Subject {
      @Option(
          names = "--file",
          paramLabel = "PATH",
          description = "File or directory whose sha256 digest is the node id.")
      Path file;

      @Option(
          names = "--id",
          paramLabel = "NODEID",
          description =
              "The node id: sha256:<hex>, source:<name>, git:<commit>, oci:<repo>@sha256:<hex>.")
      String id;
    }

    @Option(
        names = "--store",
        description = "Also put --file into the content-addressed store (see --cas).")
    boolean store;

    @Option(
        names = "--kind",
        required = true,
        paramLabel = "KIND",
        converter = Converters.ArtifactKindConverter.class,
        description =
            "source, dataset, feature_schema, model, manifest, predictions, code, lockfile,"
                + " container_image or other.")
    ArtifactKind kind;

    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "Registered name, e.g. features_v47; versions share it.")
    String name;

    @Option(names = "--version", paramLabel = "V", description = "Version under the name.")
    String version;

    @Option(
        names = "--media-type",
        paramLabel = "TYPE",
        description = "Media type of the blob, e.g. application/vnd.apache.parquet.")
    String mediaType;

    @Option(names = "--record-count", paramLabel = "N", description = "Records in a data snapshot.")
    Long recordCount;

    @Option(
        names = "--attribute",
        paramLabel = "K=V",
        description = "Free attribute (repeatable); never personal data, topics keep it forever.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      if (store && subject.file == null) {
        throw new ParameterException(spec.commandLine(), "--store needs --file");
      }
      if (cas.cas != null && !store) {
        throw new ParameterException(spec.commandLine(), "--cas is only used with --store");
      }
      Signer signer = Signer.fromPrivateKeyFile(key);
      String nodeId = subject.id;
      Long sizeBytes = null;
      if (subject.file != null) {
        nodeId = digestOf(subject.file).toString();
        if (Files.isRegularFile(subject.file)) {
          sizeBytes = Files.size(subject.file);
        }
      }
      String id = nodeId;
      Long size = sizeBytes;
      ArtifactRegistered event =
          KafkaOptions.event(
              spec,
              () ->
                  Events.artifact(id, kind, name)
                      .version(version)
                      .mediaType(mediaType)
                      .sizeBytes(size)
                      .recordCount(recordCount)
                      .attributes(attributes)
                      .build());
      kafka.publish(
          spec, signer, client -> client.registerArtifact(event), ArtifactRegistered::getNodeId);
      return ExitCodes.OK;
    }

    private Digest digestOf(Path file) throws Exception {
      try (TerminalProgressBar bar = TerminalProgressBar.onStderr(store ? "storing" : "hashing")) {
        if (store) {
          return cas.store().put(file, false, bar);
        }
        return ContentHasher.builder().progress(bar).build().hash(file);
      }
    }
  }

  /** {@code emit run}. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Record a completed run: sign a RunCompleted event and publish it.",
        "Inputs and outputs are node ids (sha256:, source:, git:, oci:), never runs or name:"
            + " references. Without --started-at/--ended-at both are now; without --environment"
            + " it is this machine's hardware (arch, CPU model and cores, GPU type and count).",
        "Prints the run id, then the record's position and envelope digest."
      })
  public static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "PEM private key of a PRODUCER.")
    Path key;

    @Option(
        names = "--run-id",
        required = true,
        paramLabel = "run:ID",
        description = "The run, e.g. run:training_j1829.")
    String runId;

    @Option(
        names = "--process",
        required = true,
        paramLabel = "NAME",
        description = "Process that ran, e.g. fraud_signal_extractor.")
    String process;

    @Option(
        names = "--process-version",
        required = true,
        paramLabel = "V",
        description = "Version of the process (code or config), e.g. 2.3.")
    String processVersion;

    @Option(
        names = "--config-digest",
        paramLabel = "DIGEST",
        converter = Converters.DigestConverter.class,
        description = "sha256 digest of the run's configuration.")
    Digest configDigest;

    @Option(
        names = "--input",
        required = true,
        arity = "1..*",
        paramLabel = "ID",
        description = "Node the run read (repeatable).")
    List<String> inputs;

    @Option(
        names = "--output",
        required = true,
        arity = "1..*",
        paramLabel = "ID",
        description = "Node the run wrote (repeatable).")
    List<String> outputs;

    @Option(
        names = "--manifest",
        paramLabel = "DIGEST",
        converter = Converters.DigestConverter.class,
        description = "Digest of the signed training manifest (lineage manifest sign).")
    Digest manifest;

    @ArgGroup(exclusive = false)
    Times times;

    /** Both times, or neither. */
    static final class Times {
      @Option(
          names = "--started-at",
          required = true,
          paramLabel = "ISO",
          converter = Converters.InstantConverter.class,
          description = "When the run started, e.g. 2025-03-01T10:15:30Z.")
      Instant startedAt;

      @Option(
          names = "--ended-at",
          required = true,
          paramLabel = "ISO",
          converter = Converters.InstantConverter.class,
          description = "When it ended.")
      Instant endedAt;
    }

    @Option(
        names = "--environment",
        paramLabel = "K=V",
        description =
            "Runtime fact (repeatable); given, it replaces the captured hardware of this machine.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(
        names = "--attribute",
        paramLabel = "K=V",
        description = "Free attribute (repeatable); never personal data.")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.fromPrivateKeyFile(key);
      Instant now = Instant.now();
      Instant started = times == null ? now : times.startedAt;
      Instant ended = times == null ? now : times.endedAt;
      Map<String, String> env =
          environment.isEmpty() ? HardwareFingerprint.capture().asEnvironment() : environment;
      RunCompleted event =
          KafkaOptions.event(
              spec,
              () ->
                  Events.run(runId, process, processVersion)
                      .configDigest(configDigest)
                      .inputs(inputs)
                      .outputs(outputs)
                      .manifestDigest(manifest)
                      .startedAt(started)
                      .endedAt(ended)
                      .environment(env)
                      .attributes(attributes)
                      .build());
      kafka.publish(spec, signer, client -> client.completeRun(event), RunCompleted::getRunId);
      return ExitCodes.OK;
    }
  }
}
