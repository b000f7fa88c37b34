package dev.lineage.cli;

import dev.lineage.avro.PredictionInvalidated;
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
 * {@code lineage invalidate}: the signed withdrawal of a prediction artifact a deletion request's
 * or bug report's impact report lists (issue 14), on the obligations topic; it closes that
 * prediction's obligation.
 */
@Command(
    name = "invalidate",
    mixinStandardHelpOptions = true,
    description = {
      "Sign and publish a prediction's invalidation (PredictionInvalidated, on the obligations"
          + " topic): consumers were told to stop using a prediction artifact that the request's"
          + " impact report lists.",
      "The key must hold PRODUCER and be the key that registered the prediction artifact: the"
          + " impact service refuses anybody else's (invalidator-not-owner), a prediction the"
          + " report does not list (unknown-prediction) and an empty reason; a refused one goes"
          + " to lineage.rejected with the reason. The request is FULFILLED once every model's"
          + " and every prediction's obligation is closed.",
      "Prints the request id, then the record's position and envelope digest."
    })
public final class InvalidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "PEM private key of the PRODUCER that registered the prediction.")
  Path key;

  @Option(
      names = "--request",
      required = true,
      paramLabel = "ID",
      description = "The deletion request or bug report whose report lists the prediction.")
  String request;

  @Option(
      names = "--prediction",
      required = true,
      paramLabel = "DIGEST",
      converter = Converters.DigestConverter.class,
      description = "sha256 digest (node id) of the prediction artifact.")
  Digest prediction;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why, and what consumers were told; never personal data.")
  String reason;

  @Override
  public Integer call() throws Exception {
    Signer signer = Signer.fromPrivateKeyFile(key);
    PredictionInvalidated event =
        KafkaOptions.event(
            spec,
            () -> {
              PredictionInvalidated e =
                  PredictionInvalidated.newBuilder()
                      .setRequestId(request)
                      .setPredictionId(prediction.toString())
                      .setReason(reason)
                      .setSignedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                      .build();
              EventRules.checkAny(e);
              return e;
            });
    kafka.publish(
        spec,
        signer,
        client -> client.predictionInvalidated(event),
        PredictionInvalidated::getRequestId);
    return ExitCodes.OK;
  }
}
