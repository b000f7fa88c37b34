package dev.lineage.impact;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.publish.Events;
import dev.lineage.publish.LineageClient;
import dev.lineage.publish.PublishResult;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Grants the service's own key {@code IMPACT_SERVICE} on the keys topic, signed by an admin key,
 * through the producer library (so the record key is the keys topic's {@code
 * <keyId>/granted/<envelope digest>}). Valid from its signing time on, which is before anything the
 * service signs afterwards.
 */
final class ServiceKeyGrant {
  private ServiceKeyGrant() {}

  static PublishResult<KeyGranted> publish(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      Signer admin,
      Signer service,
      Duration timeout)
      throws IOException, InterruptedException {
    try (LineageClient client =
        LineageClient.builder()
            .bootstrapServers(bootstrapServers)
            .properties(kafka.properties())
            .topics(topics)
            .signer(admin)
            .timeout(timeout)
            .build()) {
      return client
          .grantKey(Events.keyGrant(service.publicKey(), List.of(Role.IMPACT_SERVICE)).build())
          .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException(
          "could not grant the service key IMPACT_SERVICE: " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("could not grant the service key IMPACT_SERVICE within " + timeout, e);
    }
  }
}
