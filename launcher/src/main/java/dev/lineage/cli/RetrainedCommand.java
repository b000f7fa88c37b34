package dev.lineage.cli;

import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.id.Digest;
import dev.lineage.publish.EventRules;
import dev.lineage.signing.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lineage retrained}: a retraining orchestrator's signed statement that a trigger's model
 * was replaced by one trained without the request's records (issue 14), on the obligations topic.
 */
@Command(
    name = "retrained",
    mixinStandardHelpOptions = true,
    description = {
      "Sign and publish a retraining completion (RetrainingCompleted, on the obligations topic):"
          + " the trigger's model was replaced by a new one, trained without the request's"
          + " records.",
      "The key must hold PRODUCER. The impact service closes the obligation only when the"
          + " training run is in the graph, output the new model, and its PRODUCER-signed manifest"
          + " declares the request's record set excluded (lineage manifest create"
          + " --exclude-record-set) and trained on no snapshot the trigger's paths list; otherwise"
          + " the completion goes to lineage.rejected with the reason.",
      "Prints the trigger id, then the record's position and envelope digest."
    })
public final class RetrainedCommand implements Callable<Integer> {
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
      names = "--trigger",
      required = true,
      paramLabel = "ID",
      description =
          "The trigger this closes (its triggerId, sha256:...; lineage triggers shows it).")
  String trigger;

  @Option(
      names = "--request",
      required = true,
      paramLabel = "ID",
      description = "The deletion request or bug report of the trigger.")
  String request;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "ID",
      description = "The affected model the trigger names (the one replaced).")
  String model;

  @Option(
      names = "--new-model",
      required = true,
      paramLabel = "DIGEST",
      converter = Converters.DigestConverter.class,
      description = "sha256 digest of the model trained without the records.")
  Digest newModel;

  @Option(
      names = "--run",
      required = true,
      paramLabel = "RUN",
      description = "run:<id> that trained the new model (its manifest declares the exclusion).")
  String run;

  /**
   * The completion this command publishes, checked by the event rules (also what {@code lineage
   * orchestrate} publishes): signed at {@code now}, to the millisecond.
   *
   * @throws IllegalArgumentException when a field breaks the rules (an id that is no id, say)
   */
  public static RetrainingCompleted completion(
      String trigger, String request, String model, Digest newModel, String run, Instant now) {
    RetrainingCompleted e =
        RetrainingCompleted.newBuilder()
            .setTriggerId(trigger)
            .setRequestId(request)
            .setModelId(model)
            .setNewModelDigest(newModel.toString())
            .setTrainingRunId(run)
            .setSignedAt(now.truncatedTo(ChronoUnit.MILLIS))
            .build();
    EventRules.checkAny(e);
    return e;
  }

  @Override
  public Integer call() throws Exception {
    Signer signer = Signer.fromPrivateKeyFile(key);
    RetrainingCompleted event =
        KafkaOptions.event(
            spec, () -> completion(trigger, request, model, newModel, run, Instant.now()));
    kafka.publish(
        spec,
        signer,
        client -> client.completeRetraining(event),
        RetrainingCompleted::getTriggerId);
    return ExitCodes.OK;
  }
}
