package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.trust.TrustAnchors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Streams warm-up against a real broker: the service's own topology runs on throwaway topics,
 * every throwaway request gets its report, and nothing of it is left (topics, group, state) nor
 * written where the service reads.
 */
class StreamsWarmupIT {
  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();

  @TempDir Path dir;

  private ImpactSettings settings(String appId) {
    Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
    return ImpactSettings.defaults(TrustAnchors.of(List.of(root.publicKey())))
        .with(ImpactSettings.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers())
        .with(ImpactSettings.TOPIC_PREFIX, KafkaBroker.uniqueName("svc") + ".")
        .with(ImpactSettings.APPLICATION_ID, appId)
        .with(ImpactSettings.STATE_DIR, dir.resolve("impact-state"))
        .with(
            ImpactSettings.SERVICE_KEY, new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256)))
        .withOverrides(Map.of("num.stream.threads", "1"));
  }

  @Test
  void runsEveryThrowawayRequestThroughTheTopologyAndLeavesNothingBehind() throws Exception {
    String appId = KafkaBroker.uniqueName("impact");
    ImpactSettings settings = settings(appId);
    MapLineageGraph graph =
        MapLineageGraph.seed("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), null);

    StreamsWarmup.Report report = StreamsWarmup.run(settings, graph, Duration.ofSeconds(90));

    assertThat(report.skipped()).isEmpty();
    assertThat(report.sent()).isEqualTo(StreamsWarmup.REQUESTS);
    assertThat(report.reports()).isEqualTo(StreamsWarmup.REQUESTS);
    // each request asked the read-after-write barrier and the closure of the (real) graph client
    assertThat(graph.barriersAsked).hasSizeGreaterThanOrEqualTo(StreamsWarmup.REQUESTS);
    assertThat(graph.closureCalls.get()).isGreaterThanOrEqualTo(StreamsWarmup.REQUESTS);
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).noneMatch(t -> t.startsWith(appId));
      // the service's own topics were neither created nor written by the warm-up
      assertThat(topics).noneMatch(t -> t.startsWith(settings.topics().prefix()));
      assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
          .extracting(ConsumerGroupListing::groupId)
          .noneMatch(g -> g.startsWith(appId));
    }
    try (var left = Files.list(settings.stateDir())) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void aClusterThatCannotBeReachedEndsTheWarmUpWithAReasonInsteadOfFailingTheStart() {
    ImpactSettings settings =
        settings(KafkaBroker.uniqueName("impact"))
            .with(ImpactSettings.BOOTSTRAP_SERVERS, "127.0.0.1:1")
            .withOverrides(Map.of("request.timeout.ms", "2000", "default.api.timeout.ms", "3000"));

    StreamsWarmup.Report report =
        StreamsWarmup.run(settings, new MapLineageGraph(), Duration.ofSeconds(5));

    assertThat(report.skipped()).isPresent();
    assertThat(report.reports()).isZero();
  }

  @Test
  void aZeroBudgetDoesNothing() {
    StreamsWarmup.Report report =
        StreamsWarmup.run(
            settings(KafkaBroker.uniqueName("impact")), new MapLineageGraph(), Duration.ZERO);

    assertThat(report.sent()).isZero();
    assertThat(report.skipped()).contains("switched off");
  }
}
