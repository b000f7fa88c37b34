package dev.lineage.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.testkit.KafkaBroker;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.Topics;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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
  void whatAWarmUpKilledInTheMiddleLeftIsSweptByTheNextOneOnceItIsOld() throws Exception {
    String appId = KafkaBroker.uniqueName("impact");
    ImpactSettings settings = settings(appId);
    Map<String, Object> client =
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    String dated = appId + "-warmup-0badc0de";
    String undated = appId + "-warmup-0000beef";
    try (Admin admin = Admin.create(client)) {
      // two warm-ups whose process died: one after its first write, one before any
      TopicProvisioner.ensure(
          admin, Topics.withPrefix(dated + "."), (short) 1, Duration.ofSeconds(30));
      TopicProvisioner.ensure(
          admin, Topics.withPrefix(undated + "."), (short) 1, Duration.ofSeconds(30));
    }
    try (KafkaProducer<byte[], byte[]> out =
        new KafkaProducer<>(
            Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      out.send(
              new ProducerRecord<>(
                  Topics.withPrefix(dated + ".").keys().name(), new byte[] {1}, new byte[] {1}))
          .get(30, TimeUnit.SECONDS);
    }
    MapLineageGraph graph =
        MapLineageGraph.seed("sha256:" + "a".repeat(64), "sha256:" + "b".repeat(64), null);

    // a leftover must be older than the age given: with ten minutes (the default) it stays
    StreamsWarmup.run(settings, graph, Duration.ofSeconds(90), StreamsWarmup.LEFTOVER_AGE);
    assertThat(topicsOf(dated)).isNotEmpty();

    StreamsWarmup.Report report =
        StreamsWarmup.run(settings, graph, Duration.ofSeconds(90), Duration.ZERO);

    assertThat(report.skipped()).isEmpty();
    assertThat(topicsOf(dated)).isEmpty();
    // one that cannot be dated is left alone: it may be another instance's, starting
    assertThat(topicsOf(undated)).isNotEmpty();
  }

  private static Set<String> topicsOf(String id) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(id))
          .collect(java.util.stream.Collectors.toSet());
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
