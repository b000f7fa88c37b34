package dev.lineage.cli;

import dev.lineage.avro.ApprovalDecision;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.id.Digest;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage approve}: a review board's signed decision on one exact model digest and the
 * manifest it reviewed, published to the approvals topic keyed by the model digest.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Sign a deployment decision on an exact model digest and the manifest that was reviewed,"
          + " and publish it (DeploymentApproved, on the approvals topic).",
      "The key must hold APPROVER and must not have signed the run that produced the model or its"
          + " manifest: the gate (lineage verify-deployment) refuses such an approval.",
      "Prints the model digest, then the record's position and envelope digest."
    })
public final class ApproveCommand implements Callable<Integer> {
  /** Comments stay on the topic forever: short, and never personal data. */
  static final int MAX_COMMENT = 1000;

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
      names = "--model",
      required = true,
      paramLabel = "DIGEST",
      converter = Converters.DigestConverter.class,
      description = "sha256 digest of the model blob that was reviewed (never a name).")
  Digest model;

  @Option(
      names = "--manifest",
      required = true,
      paramLabel = "DIGEST",
      converter = Converters.DigestConverter.class,
      description = "sha256 digest of the signed training manifest that was reviewed.")
  Digest manifest;

  @Option(
      names = "--decision",
      paramLabel = "DECISION",
      defaultValue = "APPROVED",
      converter = Converters.DecisionConverter.class,
      description = "approved or rejected (default: ${DEFAULT-VALUE}).")
  ApprovalDecision decision;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description =
          "The board's comment (at most " + MAX_COMMENT + " characters; never personal data).")
  String comment;

  @Override
  public Integer call() throws Exception {
    if (comment != null && (comment.isBlank() || comment.length() > MAX_COMMENT)) {
      throw new ParameterException(
          spec.commandLine(), "--comment must be 1 to " + MAX_COMMENT + " characters");
    }
    Signer signer = Signer.fromPrivateKeyFile(key);
    DeploymentApproved event =
        DeploymentApproved.newBuilder()
            .setModelDigest(model.toString())
            .setManifestDigest(manifest.toString())
            .setDecision(decision)
            .setComment(comment)
            // the decision is signed now: trust is judged at this time
            .setSignedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
            .build();
    kafka.publish(
        spec,
        signer,
        client -> client.publish(EventType.DEPLOYMENT_APPROVED, model.toString(), event),
        DeploymentApproved::getModelDigest);
    return ExitCodes.OK;
  }
}
