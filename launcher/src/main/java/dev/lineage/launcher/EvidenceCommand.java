package dev.lineage.launcher;

import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.evidence.EvidenceBundle;
import dev.lineage.evidence.EvidenceSelection;
import dev.lineage.id.Digest;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.TlogProof;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.note.NoteSignature;
import dev.lineage.tlog.note.NoteVerificationException;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.topics.Topics;
import dev.lineage.translog.LogLeaf;
import dev.lineage.witness.HttpLogFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage evidence}: collects a model's evidence bundle ({@link EvidenceBundle}) against one
 * checkpoint of the transparency log. Reads the topics (committed records only) for the envelopes
 * ({@link EvidenceSelection}), asks the log for each one's inclusion proof against that checkpoint,
 * and takes the training manifests from the CAS. With {@code --cosigned}, the checkpoint is the one
 * the witnesses cosigned (their {@code lineage witness --out} files), cosignatures included. It
 * trusts nothing it reads: {@code lineage verify-evidence} checks the bundle.
 */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = {
      "Write a model's evidence bundle: its registration, producing run, training manifest, every"
          + " event on the paths to its sources, the key events, approvals and the deletion"
          + " requests, triggers and obligations that touched it, each with its inclusion proof"
          + " against one checkpoint (and the witnesses' cosignatures).",
      "Exit 0 written; 1 the log or the topics cannot be read; 2 malformed arguments."
    })
final class EvidenceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaConfigOption kafkaConfig;

  @Option(names = "--model", required = true, paramLabel = "DIGEST", description = "The model.")
  String model;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The bundle.")
  Path out;

  @Option(
      names = "--http",
      defaultValue = "http://127.0.0.1:8080",
      paramLabel = "URL",
      description = "A lineage-streams instance serving the log (default: ${DEFAULT-VALUE}).")
  URI http;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "localhost:9092",
      paramLabel = "HOST:PORT",
      description = "Kafka cluster (default: ${DEFAULT-VALUE}, the local stack).")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = Topics.DEFAULT_PREFIX,
      paramLabel = "PREFIX",
      description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--cas",
      paramLabel = "DIR",
      description =
          "Content-addressed store holding the training manifests (default: $LINEAGE_CAS or"
              + " ~/.lineage/cas).")
  Path cas;

  @Option(
      names = "--cosigned",
      paramLabel = "FILE",
      description =
          "A checkpoint a witness cosigned (`lineage witness --out DIR`: DIR/latest or DIR/<size>),"
              + " repeatable; all must be of one tree size. Without it, the log's current"
              + " checkpoint, with no cosignature.")
  List<Path> cosigned;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "How long to wait for Kafka (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    if (!Digest.isValid(model)) {
      throw new ParameterException(
          spec.commandLine(), "--model: a model digest, sha256:<64 lowercase hex>");
    }
    Topics topics;
    try {
      topics = Topics.withPrefix(topicPrefix);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage());
    }
    KafkaClientConfig kafka = kafkaConfig.load(spec);
    HttpLogFeed log = new HttpLogFeed(http);
    SignedNote checkpoint = checkpoint(log);
    long size;
    try {
      size = Checkpoint.parse(checkpoint.text()).size();
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException("the checkpoint is malformed: " + e.getMessage(), e);
    }

    List<EvidenceSelection.Candidate> candidates = read(topics, kafka);
    EvidenceSelection.Selected selected = EvidenceSelection.select(model, candidates);
    List<EvidenceBundle.Entry> entries = new ArrayList<>();
    PrintWriter err = spec.commandLine().getErr();
    for (EvidenceSelection.Candidate c : selected.envelopes()) {
      String digest = c.digest();
      String text;
      try {
        text = log.proof(digest, size);
      } catch (HttpLogFeed.NotFoundException e) {
        // refused when it was checked (or not yet in this checkpoint): not evidence
        err.println("evidence: left out " + digest + " (" + c.source() + "): " + e.getMessage());
        continue;
      } catch (IOException e) {
        throw new CommandFailedException("cannot read the log: " + e.getMessage(), e);
      }
      TlogProof proof;
      try {
        proof = TlogProof.parse(text);
      } catch (Exception e) {
        throw new CommandFailedException("the log's proof is malformed: " + e.getMessage(), e);
      }
      entries.add(
          new EvidenceBundle.Entry(
              new String(
                  new LogLeaf(digest, c.appendedAt(), c.source()).encode(),
                  java.nio.charset.StandardCharsets.US_ASCII),
              proof.index(),
              proof.inclusionProof().stream().map(Hash::base64).toList(),
              Base64.getEncoder().encodeToString(c.value())));
    }
    ContentStore store = new ContentStore(casRoot());
    List<EvidenceBundle.Manifest> manifests = new ArrayList<>();
    for (String m : selected.manifests()) {
      try {
        byte[] bytes = store.readBytes(Digest.parse(m));
        manifests.add(new EvidenceBundle.Manifest(m, Base64.getEncoder().encodeToString(bytes)));
      } catch (IOException | RuntimeException e) {
        err.println("evidence: the training manifest " + m + " is not in the CAS: " + e);
      }
    }
    EvidenceBundle bundle =
        new EvidenceBundle(EvidenceBundle.FORMAT, model, checkpoint.format(), entries, manifests);
    try {
      Files.write(out, bundle.toJson());
    } catch (IOException e) {
      throw new CommandFailedException("cannot write " + out + ": " + e.getMessage(), e);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        "evidence: "
            + out
            + ": "
            + entries.size()
            + " envelope(s) and "
            + manifests.size()
            + " manifest(s) against checkpoint size "
            + size
            + " ("
            + (checkpoint.signatures().size() - 1)
            + " cosignature(s))");
    o.flush();
    err.flush();
    return 0;
  }

  /** The cosigned checkpoint, all its witnesses' cosignatures merged; else the log's current. */
  private SignedNote checkpoint(HttpLogFeed log) {
    try {
      if (cosigned == null || cosigned.isEmpty()) {
        return SignedNote.parse(log.checkpoint());
      }
      SignedNote merged = null;
      Set<String> lines = new LinkedHashSet<>();
      for (Path p : cosigned) {
        SignedNote n = SignedNote.parse(Files.readString(p));
        if (merged == null) {
          merged = n;
        } else if (!merged.text().equals(n.text())) {
          throw new ParameterException(
              spec.commandLine(),
              "--cosigned: " + p + " is another checkpoint than " + cosigned.get(0));
        }
        for (NoteSignature s : n.signatures()) {
          if (lines.add(s.keyLabel() + " " + Base64.getEncoder().encodeToString(s.signature()))
              && merged != n) {
            merged = merged.plus(s);
          }
        }
      }
      return merged;
    } catch (IOException e) {
      throw new CommandFailedException("cannot read the checkpoint: " + e.getMessage(), e);
    } catch (NoteVerificationException e) {
      throw new CommandFailedException("not a signed checkpoint: " + e.getMessage(), e);
    }
  }

  private Path casRoot() {
    if (cas != null) {
      return cas;
    }
    String env = System.getenv("LINEAGE_CAS");
    return env != null && !env.isBlank() ? Path.of(env) : ContentStore.defaultRoot();
  }

  /** Every committed record of the topics a bundle draws on, from the beginning to the end. */
  private List<EvidenceSelection.Candidate> read(Topics topics, KafkaClientConfig kafka) {
    List<String> names =
        List.of(
            topics.keys().name(),
            topics.artifacts().name(),
            topics.runs().name(),
            topics.approvals().name(),
            topics.deletionRequests().name(),
            topics.bugReports().name(),
            topics.retrainingTriggers().name(),
            topics.impactReports().name(),
            topics.obligations().name());
    Map<String, Object> config = kafka.clientProperties(bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    List<EvidenceSelection.Candidate> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : names) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
          throw new CommandFailedException("topic " + topic + " does not exist (is Lineage up?)");
        }
        for (PartitionInfo info : infos) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new CommandFailedException("the topics were not read within " + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            out.add(
                new EvidenceSelection.Candidate(
                    source(r.topic(), topics.prefix()), r.value(), r.timestamp()));
          }
        }
      }
    }
    return out;
  }

  private static boolean caughtUp(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String source(String topic, String prefix) {
    return !prefix.isEmpty() && topic.startsWith(prefix) ? topic.substring(prefix.length()) : topic;
  }
}
