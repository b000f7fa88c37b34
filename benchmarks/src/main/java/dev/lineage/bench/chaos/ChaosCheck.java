package dev.lineage.bench.chaos;

import dev.lineage.api.RequestAnswer;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.graph.GraphStores;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end check of a chaos run, independent of the applications' own bookkeeping: it reads the
 * topics itself ({@code read_committed}) and the stores over HTTP ({@link LineageApiClient}).
 *
 * <ul>
 *   <li>no event lost: every record the load saw acknowledged ({@code accepted.txt}) is on its
 *       topic exactly once, and its node is answered by lineage-streams;
 *   <li>every deletion request is COMPLETE at impact-service, with one trigger;
 *   <li>each trigger id is committed exactly once on the triggers topic;
 *   <li>every event folded exactly once: the digest of the graph stores (their changelog topics,
 *       last value per key) equals the digest of a clean replay of the same topics into a fresh
 *       application id, which {@code scripts/chaos.sh} runs.
 * </ul>
 *
 * Prints one line per check, writes the figures to {@code --result} and exits 1 if a check fails.
 */
@Command(
    name = "chaos-check",
    mixinStandardHelpOptions = true,
    description = "End check of a chaos run.")
public final class ChaosCheck implements Callable<Integer> {
  /** The graph fold's stores, whose changelogs are compared with the replay's. */
  static final List<String> GRAPH_STORES =
      List.of(
          GraphStores.NODES,
          GraphStores.EDGES_OUT,
          GraphStores.EDGES_IN,
          GraphStores.NAMES,
          GraphStores.PROCESS_RUNS,
          GraphStores.EQUIVALENCES,
          GraphStores.COLUMNS);

  @Option(names = "--bootstrap-servers", required = true)
  String bootstrapServers;

  @Option(names = "--streams-http", required = true, split = ",")
  List<URI> streamsHttp;

  @Option(names = "--impact-http", required = true, split = ",")
  List<URI> impactHttp;

  @Option(names = "--load-dir", required = true, description = "Where chaos-load wrote.")
  Path loadDir;

  @Option(names = "--application-id", defaultValue = "lineage-streams")
  String applicationId;

  @Option(
      names = "--replay-application-id",
      description = "The clean replay's application id; without it no digest is compared.")
  String replayApplicationId;

  @Option(names = "--timeout", defaultValue = "PT5M", description = "How long to wait per check.")
  Duration timeout;

  @Option(names = "--result", required = true, description = "Properties file of the figures.")
  Path result;

  @Option(names = "--topic-prefix", defaultValue = "lineage.")
  String topicPrefix;

  private final Properties figures = new Properties();
  private final List<String> failures = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChaosCheck()).execute(args));
  }

  private static void say(String format, Object... args) {
    System.out.printf(Locale.ROOT, format + "%n", args);
    System.out.flush();
  }

  @Override
  public Integer call() throws Exception {
    Topics topics = Topics.withPrefix(topicPrefix);
    Map<String, Set<String>> accepted = readAccepted(loadDir.resolve("accepted.txt"));
    Set<String> artifacts = accepted.getOrDefault("artifact", Set.of());
    Set<String> runs = accepted.getOrDefault("run", Set.of());
    Set<String> requests = accepted.getOrDefault("request", Set.of());
    figures.setProperty("accepted.artifacts", Integer.toString(artifacts.size()));
    figures.setProperty("accepted.runs", Integer.toString(runs.size()));
    figures.setProperty("accepted.requests", Integer.toString(requests.size()));
    say(
        "accepted by the cluster: %d artifacts, %d runs, %d deletion requests",
        artifacts.size(), runs.size(), requests.size());

    onTopic("artifacts", topics.artifacts().name(), artifacts);
    onTopic("runs", topics.runs().name(), runs);
    onTopic("requests", topics.deletionRequests().name(), requests);
    nodesAnswered(artifacts, runs);
    requestsComplete(requests);
    triggersOnce(topics.retrainingTriggers().name(), requests);
    if (replayApplicationId != null) {
      digestsEqual();
    }

    figures.setProperty("failures", Integer.toString(failures.size()));
    try (var w = Files.newBufferedWriter(result)) {
      figures.store(w, "chaos-check");
    }
    if (failures.isEmpty()) {
      say("chaos-check: PASS");
      return 0;
    }
    failures.forEach(f -> say("chaos-check: FAIL: %s", f));
    return 1;
  }

  private static Map<String, Set<String>> readAccepted(Path file) throws IOException {
    Map<String, Set<String>> byKind = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      if (space > 0) {
        byKind
            .computeIfAbsent(line.substring(0, space), k -> new LinkedHashSet<>())
            .add(line.substring(space + 1));
      }
    }
    return byKind;
  }

  /** Every accepted key is on the topic exactly once (read_committed, from the beginning). */
  private void onTopic(String what, String topic, Set<String> keys) {
    Map<String, Integer> seen = new HashMap<>();
    readAll(
        topic,
        r -> {
          if (r.key() != null) {
            seen.merge(new String(r.key(), StandardCharsets.UTF_8), 1, Integer::sum);
          }
        });
    long missing = keys.stream().filter(k -> !seen.containsKey(k)).count();
    long twice = keys.stream().filter(k -> seen.getOrDefault(k, 0) > 1).count();
    figures.setProperty("topic." + what + ".missing", Long.toString(missing));
    figures.setProperty("topic." + what + ".duplicated", Long.toString(twice));
    say("topic %s: %d accepted, %d missing, %d more than once", topic, keys.size(), missing, twice);
    if (missing > 0) {
      failures.add(missing + " accepted " + what + " missing from " + topic);
    }
    if (twice > 0) {
      failures.add(twice + " accepted " + what + " on " + topic + " more than once");
    }
  }

  /** Every accepted artifact and run is a node lineage-streams answers (waiting for catch-up). */
  private void nodesAnswered(Set<String> artifacts, Set<String> runs) throws InterruptedException {
    LineageApiClient client = LineageApiClient.builder(streamsHttp).maxAttempts(10).build();
    Set<String> pending = new LinkedHashSet<>(artifacts);
    pending.addAll(runs);
    long deadline = System.nanoTime() + timeout.toNanos();
    long started = System.nanoTime();
    while (true) {
      Set<String> found = java.util.concurrent.ConcurrentHashMap.newKeySet();
      java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(6);
      try {
        pool.submit(
                () ->
                    pending.parallelStream().filter(id -> answered(client, id)).forEach(found::add))
            .get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdown();
      }
      pending.removeAll(found);
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    figures.setProperty("nodes.missing", Integer.toString(pending.size()));
    say(
        "lineage-streams answers %d of %d accepted nodes (after %d s)",
        artifacts.size() + runs.size() - pending.size(),
        artifacts.size() + runs.size(),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    if (!pending.isEmpty()) {
      failures.add(
          pending.size() + " accepted nodes not folded, e.g. " + pending.iterator().next());
    }
  }

  /** Whether the node is answered now; a 404, a 503 or no answer is "not yet". */
  private static boolean answered(LineageApiClient client, String id) {
    try {
      client.node(id, null);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Every accepted deletion request is COMPLETE at impact-service. */
  private void requestsComplete(Set<String> requests) throws InterruptedException {
    LineageApiClient client = LineageApiClient.builder(impactHttp).maxAttempts(10).build();
    Map<String, String> status = new LinkedHashMap<>();
    requests.forEach(r -> status.put(r, "unknown"));
    Set<String> withoutBarrier = new HashSet<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Map.Entry<String, String> e : status.entrySet()) {
        if (!e.getValue().equals("COMPLETE")) {
          RequestAnswer answer = answerOf(client, e.getKey());
          e.setValue(answer.status());
          if (answer.status().equals("COMPLETE")
              && (answer.receipt() == null || answer.receipt().foldedBefore() == null)) {
            withoutBarrier.add(e.getKey());
          }
        }
      }
      if (status.values().stream().allMatch("COMPLETE"::equals) || System.nanoTime() > deadline) {
        break;
      }
      TimeUnit.SECONDS.sleep(2);
    }
    Map<String, Long> counts = new TreeMap<>();
    status.values().forEach(s -> counts.merge(s, 1L, Long::sum));
    figures.setProperty("requests.status", counts.toString());
    say("deletion requests by status: %s", counts);
    long notComplete = status.values().stream().filter(s -> !s.equals("COMPLETE")).count();
    if (notComplete > 0) {
      failures.add(notComplete + " deletion requests not COMPLETE: " + counts);
    }
    // each request was decided after lineage-streams had folded what was appended before it
    figures.setProperty("requests.withoutBarrier", Integer.toString(withoutBarrier.size()));
    say("COMPLETE requests decided without a read-after-write barrier: %d", withoutBarrier.size());
    if (!withoutBarrier.isEmpty()) {
      failures.add(withoutBarrier.size() + " requests decided without a read-after-write barrier");
    }
  }

  /** The request's answer; one that could not be read stands as its status only. */
  private static RequestAnswer answerOf(LineageApiClient client, String requestId) {
    try {
      return client
          .get(
              "/v1/requests/" + LineageApiClient.pathSegment(requestId),
              Map.of(),
              RequestAnswer.class)
          .value();
    } catch (ApiErrorException e) {
      return unread(requestId, "HTTP " + e.status());
    } catch (RuntimeException e) {
      return unread(requestId, "unreachable");
    }
  }

  private static RequestAnswer unread(String requestId, String status) {
    return new RequestAnswer(requestId, null, status, null, null, null, 0, null, null, null, null);
  }

  /** Each trigger id once on the topic; each accepted request has a trigger. */
  private void triggersOnce(String topic, Set<String> requests) {
    Map<String, Integer> byTrigger = new HashMap<>();
    Set<String> requestsWithTrigger = new HashSet<>();
    long[] undecodable = {0};
    readAll(
        topic,
        r -> {
          try {
            RetrainingTriggered t =
                EventType.RETRAINING_TRIGGERED.decode(EnvelopeCodec.standard().decode(r.value()));
            byTrigger.merge(t.getTriggerId(), 1, Integer::sum);
            requestsWithTrigger.add(t.getRequestId());
          } catch (RuntimeException e) {
            undecodable[0]++;
          }
        });
    long twice = byTrigger.values().stream().filter(n -> n > 1).count();
    long without = requests.stream().filter(r -> !requestsWithTrigger.contains(r)).count();
    figures.setProperty("triggers.committed", Integer.toString(byTrigger.size()));
    figures.setProperty("triggers.duplicated", Long.toString(twice));
    figures.setProperty("requests.withoutTrigger", Long.toString(without));
    say(
        "triggers topic: %d trigger ids, %d committed more than once, %d accepted requests without"
            + " a trigger, %d records not a trigger",
        byTrigger.size(), twice, without, undecodable[0]);
    if (twice > 0) {
      failures.add(twice + " trigger ids committed more than once");
    }
    if (without > 0) {
      failures.add(without + " accepted deletion requests without a committed trigger");
    }
  }

  /** The live graph stores equal a clean replay's (waiting for the replay to catch up). */
  private void digestsEqual() throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, byte[]> live;
    Map<String, byte[]> replay;
    while (true) {
      live = storeContents(applicationId);
      replay = storeContents(replayApplicationId);
      if (digest(live).equals(digest(replay)) || System.nanoTime() > deadline) {
        break;
      }
      TimeUnit.SECONDS.sleep(5);
    }
    String liveDigest = digest(live);
    String replayDigest = digest(replay);
    figures.setProperty("digest.live", liveDigest);
    figures.setProperty("digest.replay", replayDigest);
    figures.setProperty("digest.entries", Integer.toString(live.size()));
    say(
        "graph stores: %d entries, digest %s; clean replay (%s): %d entries, digest %s",
        live.size(), liveDigest, replayApplicationId, replay.size(), replayDigest);
    if (!liveDigest.equals(replayDigest)) {
      Set<String> keys = new HashSet<>(live.keySet());
      keys.addAll(replay.keySet());
      List<String> examples = new ArrayList<>();
      int count = 0;
      for (String k : keys) {
        if (!Arrays.equals(live.get(k), replay.get(k))) {
          count++;
          if (examples.size() < 3) {
            examples.add(k + " live=" + text(live.get(k)) + " replay=" + text(replay.get(k)));
          }
        }
      }
      say("  %d entries differ, e.g. %s", count, examples);
      failures.add(count + " graph store entries differ from a clean replay");
    }
  }

  private static String text(byte[] value) {
    if (value == null) {
      return "(none)";
    }
    String s = new String(value, StandardCharsets.UTF_8);
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  /** store/key → last value of each graph store's changelog, read_committed; deletes removed. */
  private Map<String, byte[]> storeContents(String appId) {
    Map<String, byte[]> contents = new TreeMap<>();
    for (String store : GRAPH_STORES) {
      String topic = appId + "-" + store + "-changelog";
      readAll(
          topic,
          r -> {
            String key = store + "/" + HexFormat.of().formatHex(r.key());
            if (r.value() == null) {
              contents.remove(key);
            } else {
              contents.put(key, r.value());
            }
          });
    }
    return contents;
  }

  private static String digest(Map<String, byte[]> contents) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (Map.Entry<String, byte[]> e : contents.entrySet()) {
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(e.getValue());
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Reads a topic from the beginning to its last stable offset, read_committed. */
  private void readAll(String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        return;
      }
      List<TopicPartition> parts =
          infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
      while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          each.accept(r);
        }
      }
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new IllegalStateException("cannot read " + topic + ": " + e.getMessage(), e);
    }
  }
}
