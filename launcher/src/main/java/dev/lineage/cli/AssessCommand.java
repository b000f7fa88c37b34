package dev.lineage.cli;

import dev.lineage.avro.AssessmentDecision;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.PrivacyGuarantee;
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
 * {@code lineage assess}: a reviewer's signed decision that an affected model may stay in
 * production under a stated differential-privacy guarantee (issue 14), on the obligations topic.
 */
@Command(
    name = "assess",
    mixinStandardHelpOptions = true,
    description = {
      "Sign and publish an impact assessment (ImpactAssessed, on the obligations topic): the"
          + " trigger's model stays, with the justification and the DP guarantee relied on. Closes"
          + " an ASSESS obligation, or overrides a RETRAIN one.",
      "The key must hold APPROVER and must not have signed the model's registration, its training"
          + " run or its manifest: the impact service refuses such an assessment"
          + " (assessor-produced-model).",
      "Prints the trigger id, then the record's position and envelope digest."
    })
public final class AssessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "PEM private key of an APPROVER.")
  Path key;

  @Option(
      names = "--trigger",
      required = true,
      paramLabel = "ID",
      description = "The trigger this closes (its triggerId, sha256:...).")
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
      description = "The affected model the trigger names.")
  String model;

  @Option(
      names = "--justification",
      required = true,
      paramLabel = "TEXT",
      description = "Why the model may stay (never personal data).")
  String justification;

  @Option(
      names = "--epsilon",
      required = true,
      paramLabel = "DECIMAL",
      description = "The DP guarantee's epsilon, as the model's manifest states it.")
  String epsilon;

  @Option(
      names = "--delta",
      required = true,
      paramLabel = "DECIMAL",
      description = "The DP guarantee's delta.")
  String delta;

  @Option(
      names = "--mechanism",
      paramLabel = "NAME",
      description = "The DP mechanism, e.g. gaussian.")
  String mechanism;

  @Override
  public Integer call() throws Exception {
    Signer signer = Signer.fromPrivateKeyFile(key);
    ImpactAssessed event =
        KafkaOptions.event(
            spec,
            () -> {
              ImpactAssessed e =
                  ImpactAssessed.newBuilder()
                      .setTriggerId(trigger)
                      .setRequestId(request)
                      .setModelId(model)
                      .setDecision(AssessmentDecision.KEEP)
                      .setJustification(justification)
                      .setGuarantee(new PrivacyGuarantee(mechanism, epsilon, delta))
                      .setSignedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                      .build();
              EventRules.checkAny(e);
              return e;
            });
    kafka.publish(spec, signer, client -> client.assessImpact(event), ImpactAssessed::getTriggerId);
    return ExitCodes.OK;
  }
}
