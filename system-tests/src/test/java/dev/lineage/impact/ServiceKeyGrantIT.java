package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The service key's grant at start, against a real keys topic: written once, not per restart. */
class ServiceKeyGrantIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @Test
  void aKeyThatHoldsTheRoleIsNotGrantedAgainAtTheNextStart() throws Exception {
    String servers = KAFKA.bootstrapServers();
    Topics topics = Topics.withPrefix(KafkaBroker.uniqueName("grant") + ".");
    ItKit kit = new ItKit(servers);
    kit.provision(topics);
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    TrustAnchors roots = TrustAnchors.of(List.of(root.publicKey()));

    assertThat(
            ServiceKeyGrant.holds(
                servers, KafkaClientConfig.none(), topics, roots, service.keyId(), TIMEOUT))
        .isFalse();
    assertThat(
            ServiceKeyGrant.ensure(
                servers, KafkaClientConfig.none(), topics, roots, root, service, TIMEOUT))
        .isPresent();
    for (int restart = 0; restart < 3; restart++) {
      assertThat(
              ServiceKeyGrant.ensure(
                  servers, KafkaClientConfig.none(), topics, roots, root, service, TIMEOUT))
          .isEmpty();
    }
    assertThat(kit.committed(topics.keys().name())).hasSize(1);

    // a grant under roots this service does not trust does not count: it grants again
    Signer stranger = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    TrustAnchors otherRoots = TrustAnchors.of(List.of(stranger.publicKey()));
    assertThat(
            ServiceKeyGrant.ensure(
                servers, KafkaClientConfig.none(), topics, otherRoots, stranger, service, TIMEOUT))
        .isPresent();
    assertThat(kit.committed(topics.keys().name())).hasSize(2);
  }
}
