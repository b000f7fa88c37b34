package dev.lineage.impact;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.Role;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.publish.PublishResult;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.RoleGrant;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Grants the service's own key {@code IMPACT_SERVICE} on the keys topic, signed by an admin key,
 * unless the key holds it already: {@link RoleGrant} for this role.
 */
final class ServiceKeyGrant {
  private ServiceKeyGrant() {}

  /**
   * Grants the role unless the key holds it now.
   *
   * @return the grant published, or empty when the key already held the role
   */
  static Optional<PublishResult<KeyGranted>> ensure(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      Signer admin,
      Signer service,
      Duration timeout)
      throws IOException, InterruptedException {
    return RoleGrant.ensure(
        bootstrapServers, kafka, topics, roots, admin, service, Role.IMPACT_SERVICE, timeout);
  }

  /** Whether the keys topic, as it stands, lets {@code keyId} act as the impact service now. */
  static boolean holds(
      String bootstrapServers,
      KafkaClientConfig kafka,
      Topics topics,
      TrustAnchors roots,
      String keyId,
      Duration timeout)
      throws IOException {
    return RoleGrant.holds(
        bootstrapServers, kafka, topics, roots, keyId, Role.IMPACT_SERVICE, timeout);
  }
}
