package dev.lineage.impact;

import dev.lineage.avro.Role;
import dev.lineage.impact.graphclient.LineageGraph;
import dev.lineage.metrics.EventMetrics;
import dev.lineage.runtime.RejectingDeserializationHandler;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.topics.TopicProvisioner;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import dev.lineage.trust.RoleGrant;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs impact-service's own topology once, for real, on throwaway topics before the service says it
 * is ready, so that the Kafka side of the first real requests meets compiled code.
 *
 * <p>{@link Warmup} runs a request's own code (signatures, Avro decoding, the rulebook, the
 * questions to lineage-streams), but a profile of a fresh stack (docs/benchmarks.md) showed the
 * rest of the first seconds' cost in code that only runs when records flow: Kafka Streams'
 * processing loop, the producer's batching and transactions, the consumers' fetches, Avro encoding
 * of the outputs, the obligation fold. This runs all of it: a second Kafka Streams instance of the
 * same {@link ImpactTopology}, with the service's Streams settings, on topics under a prefix of its
 * own ({@code <application.id>-warmup-<random>.}), fed deletion requests signed by a throwaway key
 * granted by a throwaway root (trusted by this instance only), each on a subject lineage-streams
 * does not know, so each ends in an empty signed report at once (the unknown-subject grace is zero
 * here). The requests' read-after-write barrier and closure are asked of the real lineage-streams:
 * both only read.
 *
 * <p>Nothing of it reaches the service's topics, stores or consumers: its topics, group and state
 * directory are its own and are deleted after; its keys are never trusted by the service. The names
 * fall under the service's own ACLs (topics, groups and transactional ids prefixed by its
 * application id), so a secured cluster needs no new grant. Any failure (a refused topic, a slow
 * cluster) ends the warm-up with a reason and never stops the service; a process killed in the
 * middle leaves topics named {@code <application.id>-warmup-*} behind, holding nothing but
 * throwaway-signed requests on made-up subjects, which a later warm-up deletes ({@link
 * #sweepLeftovers}).
 */
public final class StreamsWarmup {
  private static final Logger log = LoggerFactory.getLogger(StreamsWarmup.class);

  /**
   * The logger of the throwaway requests' outcomes (two lines per request, which would bury the
   * service's own start-up lines); the launcher logs it at warn.
   */
  public static final String REQUEST_LOG = "dev.lineage.impact.warmup.requests";

  /** Hex digits of a warm-up's random id. */
  static final int ID_HEX = 8;

  /** Requests enough for the per-record path's first (C1) compilations and the loops' C2 ones. */
  static final int REQUESTS = 300;

  /** Requests sent and not yet answered, at most: the pipeline stays full without a backlog. */
  static final int IN_FLIGHT = 40;

  /**
   * What was done.
   *
   * @param sent requests sent through the throwaway topology
   * @param reports their signed reports read back (committed)
   * @param took the whole warm-up, set-up and clean-up included
   * @param skipped why it stopped short, if it did
   */
  public record Report(int sent, int reports, Duration took, Optional<String> skipped) {}

  private StreamsWarmup() {}

  /**
   * Runs the warm-up for at most {@code budget} (set-up and clean-up take a few seconds more).
   *
   * @param graph lineage-streams, as the service asks it
   */
  static Report run(ImpactSettings settings, LineageGraph graph, Duration budget) {
    return run(settings, graph, budget, LEFTOVER_AGE);
  }

  /**
   * How old the last record of a warm-up's keys topic must be for the warm-up to count as left
   * behind by a process that died: far beyond any warm-up's length (its budget and set-up).
   */
  static final Duration LEFTOVER_AGE = Duration.ofMinutes(10);

  /** As above, sweeping leftovers older than {@code leftoverAge} first (for tests). */
  static Report run(
      ImpactSettings settings, LineageGraph graph, Duration budget, Duration leftoverAge) {
    long start = System.nanoTime();
    if (budget.isZero() || budget.isNegative()) {
      return new Report(0, 0, Duration.ZERO, Optional.of("switched off"));
    }
    String id =
        settings.applicationId() + "-warmup-" + HexFormat.of().formatHex(randomBytes(ID_HEX / 2));
    Topics topics = Topics.withPrefix(id + ".");
    Path stateDir = settings.stateDir().resolve(id);
    int[] counts = new int[2];
    Optional<String> skipped = Optional.empty();
    Map<String, Object> clientConfig =
        settings.kafka().clientProperties(settings.bootstrapServers());
    Map<String, Object> adminConfig = new HashMap<>(clientConfig);
    adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    Admin admin = null;
    KafkaStreams streams = null;
    boolean mayHaveCreated = false;
    try {
      admin = Admin.create(adminConfig);
      long deadline = start + budget.toNanos();
      int brokers =
          admin
              .describeCluster()
              .nodes()
              .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
              .size();
      sweepLeftovers(admin, settings.applicationId(), leftoverAge);
      mayHaveCreated = true;
      TopicProvisioner.ensure(
          admin, topics, (short) Math.min(3, Math.max(1, brokers)), Duration.ofSeconds(15));
      awaitLeaders(admin, topics, deadline);
      Signer root = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
      Signer requester = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
      Signer service = new Signer(KeyPairs.generate(Algorithm.ECDSA_P256_SHA256));
      Duration grantTimeout = Duration.ofSeconds(15);
      RoleGrant.publish(
          settings.bootstrapServers(),
          settings.kafka(),
          topics,
          root,
          requester,
          Role.GDPR_REQUESTER,
          grantTimeout);
      RoleGrant.publish(
          settings.bootstrapServers(),
          settings.kafka(),
          topics,
          root,
          service,
          Role.IMPACT_SERVICE,
          grantTimeout);
      streams =
          new KafkaStreams(
              ImpactTopology.build(
                  topics,
                  TrustAnchors.of(List.of(root.publicKey())),
                  options(settings, graph, service),
                  Clock.systemUTC(),
                  new ImpactTopology.Erasure(Optional.empty(), settings.recordListRetention()),
                  EventMetrics.none()),
              streamsConfig(settings, id, topics, stateDir));
      streams.setUncaughtExceptionHandler(
          e -> {
            log.warn("streams warm-up: a stream thread failed: {}", e.toString());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          });
      streams.start();
      skipped = feed(clientConfig, topics, requester, streams, deadline, counts);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      skipped = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
    } finally {
      if (streams != null) {
        streams.close(
            CloseOptions.timeout(Duration.ofSeconds(10))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      }
      if (mayHaveCreated) {
        cleanUp(admin, id);
      }
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
      deleteTree(stateDir);
    }
    Report report =
        new Report(counts[0], counts[1], Duration.ofNanos(System.nanoTime() - start), skipped);
    skipped.ifPresent(why -> log.warn("streams warm-up stopped short: {}", why));
    return report;
  }

  /**
   * Sends requests, at most {@link #IN_FLIGHT} unanswered, until {@link #REQUESTS} reports are read
   * back or the deadline; returns why it stopped short, if it did.
   */
  private static Optional<String> feed(
      Map<String, Object> clientConfig,
      Topics topics,
      Signer requester,
      KafkaStreams streams,
      long deadline,
      int[] counts) {
    Map<String, Object> producerConfig = new HashMap<>(clientConfig);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    Map<String, Object> consumerConfig = new HashMap<>(clientConfig);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaProducer<byte[], byte[]> out =
            new KafkaProducer<>(
                producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaConsumer<byte[], byte[]> reports =
            new KafkaConsumer<>(
                consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      String reportsTopic = topics.impactReports().name();
      List<TopicPartition> parts = new ArrayList<>();
      reports
          .partitionsFor(reportsTopic)
          .forEach(p -> parts.add(new TopicPartition(reportsTopic, p.partition())));
      reports.assign(parts);
      reports.seekToBeginning(parts);
      while (counts[1] < REQUESTS) {
        if (System.nanoTime() > deadline) {
          return Optional.of(
              "out of time after " + counts[0] + " requests and " + counts[1] + " reports");
        }
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.ERROR
            || state == KafkaStreams.State.NOT_RUNNING
            || state == KafkaStreams.State.PENDING_ERROR) {
          return Optional.of("the throwaway topology stopped (" + state + ")");
        }
        while (counts[0] < REQUESTS && counts[0] - counts[1] < IN_FLIGHT) {
          String requestId = "warmup-" + counts[0];
          out.send(
              new ProducerRecord<>(
                  topics.deletionRequests().name(),
                  requestId.getBytes(StandardCharsets.UTF_8),
                  Warmup.throwawayRequest(
                      requestId, "source:lineage-warmup-" + requestId, requester)));
          counts[0]++;
        }
        out.flush();
        counts[1] += reports.poll(Duration.ofMillis(50)).count();
      }
      return Optional.empty();
    }
  }

  /** The service's options, with the throwaway service key and no grace for unknown subjects. */
  private static ImpactTopology.Options options(
      ImpactSettings settings, LineageGraph graph, Signer service) {
    return new ImpactTopology.Options(
        graph,
        Optional.empty(),
        service,
        settings.assessThreshold(),
        settings.maxPathsPerModel(),
        Duration.ZERO,
        settings.retryInterval(),
        settings.maxRetryBackoff(),
        settings.keyWait(),
        settings.clockSkew(),
        REQUEST_LOG);
  }

  /** The service's Streams settings, under the warm-up's own id, state and rejected topic. */
  static Properties streamsConfig(
      ImpactSettings settings, String id, Topics topics, Path stateDir) {
    Properties p = settings.streamsConfig();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, id);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0");
    p.put(RejectingDeserializationHandler.REJECTED_TOPIC_CONFIG, topics.rejected().name());
    // it answers no interactive query: not advertised to the service's instances
    p.remove(StreamsConfig.APPLICATION_SERVER_CONFIG);
    return p;
  }

  /**
   * Waits (within the budget) until every partition of the new topics has a leader, so the first
   * writes do not meet "unknown leader" and log the producer's retries as warnings.
   */
  private static void awaitLeaders(Admin admin, Topics topics, long deadline) throws Exception {
    List<String> names = topics.all().stream().map(TopicSpec::name).toList();
    while (System.nanoTime() < deadline) {
      boolean led =
          admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS).values().stream()
              .flatMap(d -> d.partitions().stream())
              .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
      if (led) {
        return;
      }
      // start-up, not a request: a short pause between two metadata questions
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /**
   * Deletes what earlier warm-ups of this application left when their process died in the middle (a
   * crash loop would otherwise pile up topics): a warm-up whose keys topic's newest record is older
   * than {@code age}. A warm-up under way elsewhere (another instance starting) wrote its grants
   * seconds ago and is left alone, and so is one with no record at all, which cannot be dated (its
   * process died in the moment between creating its topics and its first write).
   */
  static void sweepLeftovers(Admin admin, String applicationId, Duration age) {
    String prefix = applicationId + "-warmup-";
    try {
      Set<String> ids = new TreeSet<>();
      for (String name : admin.listTopics().names().get(15, TimeUnit.SECONDS)) {
        if (name.startsWith(prefix) && name.length() >= prefix.length() + ID_HEX) {
          ids.add(name.substring(0, prefix.length() + ID_HEX));
        }
      }
      long before = System.currentTimeMillis() - age.toMillis();
      for (String id : ids) {
        String keys = Topics.withPrefix(id + ".").keys().name();
        Map<TopicPartition, OffsetSpec> newest = new HashMap<>();
        var described = admin.describeTopics(List.of(keys)).allTopicNames();
        Map<String, TopicDescription> d;
        try {
          d = described.get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          continue; // no keys topic (yet): cannot be dated
        }
        d.get(keys)
            .partitions()
            .forEach(
                p ->
                    newest.put(new TopicPartition(keys, p.partition()), OffsetSpec.maxTimestamp()));
        long latest =
            admin.listOffsets(newest).all().get(15, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::timestamp)
                .max()
                .orElse(-1);
        if (latest >= 0 && latest < before) {
          log.info(
              "streams warm-up: deleting {}*, left by a process that died during its warm-up", id);
          cleanUp(admin, id);
        }
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("streams warm-up: could not sweep earlier warm-ups' leftovers: {}", e.toString());
    }
  }

  /** Deletes the warm-up's topics (its own and Streams' internal ones) and its group. */
  private static void cleanUp(Admin admin, String id) {
    try {
      Set<String> names = admin.listTopics().names().get(15, TimeUnit.SECONDS);
      List<String> ours =
          names.stream().filter(n -> n.startsWith(id + ".") || n.startsWith(id + "-")).toList();
      if (!ours.isEmpty()) {
        admin.deleteTopics(ours).all().get(15, TimeUnit.SECONDS);
      }
      admin.deleteConsumerGroups(List.of(id)).all().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.warn("streams warm-up: could not delete all of {}*: {}", id, e.toString());
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("streams warm-up: could not delete its state directory {}: {}", dir, e.toString());
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
