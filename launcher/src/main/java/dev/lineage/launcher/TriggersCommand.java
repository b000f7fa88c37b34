package dev.lineage.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.cli.CheckFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
    name = "triggers",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the retraining triggers on the triggers topic: only committed ones (read_committed),"
          + " each verified against the trust roots and the keys topic (a key holding"
          + " IMPACT_SERVICE when the broker appended the trigger).",
      "Each trigger id is printed once: a record repeating an id already printed (the same"
          + " committed bytes copied onto the topic, or a copy signed again) is a replay, reported"
          + " on stderr with where it was first seen, never printed as a new trigger.",
      "Exit 0 when every trigger verified, 1 when any did not (it is printed to stderr, never as a"
          + " trigger)."
    })
final class TriggersCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin VerifiedFeedOptions source;

  @Mixin KafkaConfigOption kafkaConfig;

  @Option(names = "--follow", description = "Keep printing triggers as they arrive, until Ctrl-C.")
  boolean follow;

  @Option(names = "--json", description = "One JSON object per trigger (DSSE envelope + verdict).")
  boolean json;

  @Option(
      names = "--remember",
      defaultValue = "100000",
      paramLabel = "N",
      description =
          "Remember at most this many trigger ids to recognise replays (default: ${DEFAULT-VALUE},"
              + " about 200 bytes each); beyond it the least recently seen are forgotten.")
  int remember;

  @Option(
      names = "--timeout",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description =
          "Give up when Kafka does not answer within this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Topics topics = source.topics(spec);
    KafkaClientConfig kafka = kafkaConfig.load(spec);
    TrustAnchors roots = source.roots(spec);
    if (remember < 1) {
      throw new ParameterException(spec.commandLine(), "--remember: must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean stop = new AtomicBoolean();
    if (follow) {
      Signal.handle(new Signal("INT"), s -> stop.set(true));
      Signal.handle(new Signal("TERM"), s -> stop.set(true));
    }
    int shown = 0;
    int replays = 0;
    int refused = 0;
    SeenIds seen = new SeenIds(remember);
    boolean toldForgetting = false;
    try (SignedFeed feed =
        new SignedFeed(
            source.bootstrapServers,
            kafka,
            topics,
            roots,
            Map.of(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED),
            Role.IMPACT_SERVICE,
            Duration.ofSeconds(timeoutSeconds))) {
      while (!stop.get() && (follow || !feed.caughtUp())) {
        for (SignedFeed.Item item : feed.poll(Duration.ofMillis(500))) {
          if (item.verdict().accepted()) {
            RetrainingTriggered t = (RetrainingTriggered) item.verdict().event();
            String where = SeenIds.where(item.topic(), item.partition(), item.offset());
            Optional<String> first = seen.repeatOf(t.getTriggerId(), where);
            if (first.isPresent()) {
              // verified, but not new: an orchestrator acting on it again would retrain twice
              replays++;
              err.println(
                  "lineage triggers: replay of trigger "
                      + t.getTriggerId()
                      + " at "
                      + where
                      + ", first seen at "
                      + first.get()
                      + " (signed by "
                      + item.verdict().signer()
                      + " at "
                      + t.getSignedAt()
                      + "); not a new trigger");
              err.flush();
              continue;
            }
            if (seen.forgotAny() && !toldForgetting) {
              toldForgetting = true;
              err.println(
                  "lineage triggers: more than "
                      + seen.capacity()
                      + " trigger ids seen: the least recently seen are forgotten, so a replay of"
                      + " one of them is printed again (--remember N keeps more)");
              err.flush();
            }
            shown++;
            if (json) {
              out.println(json(t, item));
              out.flush();
            } else {
              ImpactText.trigger(out, t, item.verdict().signer());
            }
          } else {
            refused++;
            err.println(
                "lineage triggers: record "
                    + item.topic()
                    + "-"
                    + item.partition()
                    + "@"
                    + item.offset()
                    + " is not a trigger the service signed: "
                    + item.verdict().rejection().reason()
                    + " ("
                    + item.verdict().rejection().detail()
                    + ")");
            err.flush();
          }
        }
      }
    }
    if (!json) {
      out.println(
          shown
              + " trigger(s)"
              + (replays > 0 ? ", " + replays + " replay(s) not shown" : "")
              + (refused > 0 ? ", " + refused + " refused" : ""));
      out.flush();
    }
    if (refused > 0) {
      throw new CheckFailedException(refused + " record(s) on the triggers topic did not verify");
    }
    return 0;
  }

  private static String json(RetrainingTriggered t, SignedFeed.Item item) throws IOException {
    Map<String, Object> trigger = new LinkedHashMap<>();
    trigger.put("triggerId", t.getTriggerId());
    trigger.put("requestId", t.getRequestId());
    trigger.put("cause", t.getCause().name());
    trigger.put("modelId", t.getModelId());
    trigger.put("modelName", t.getModelName());
    trigger.put("trainingRunId", t.getTrainingRunId());
    List<List<Map<String, String>>> paths = new ArrayList<>();
    for (List<PathNode> path : t.getPaths()) {
      List<Map<String, String>> steps = new ArrayList<>();
      for (PathNode n : path) {
        Map<String, String> step = new LinkedHashMap<>();
        step.put("id", n.getId());
        step.put("name", n.getName());
        steps.add(step);
      }
      paths.add(steps);
    }
    trigger.put("paths", paths);
    trigger.put("action", t.getAction().name());
    trigger.put("decisionRule", t.getDecisionRule());
    trigger.put("affectedFraction", t.getAffectedFraction());
    if (t.getRecordSet() != null) {
      trigger.put(
          "recordSet",
          Map.of(
              "digest", t.getRecordSet().getDigest(),
              "count", t.getRecordSet().getCount(),
              "location", t.getRecordSet().getLocation()));
    }
    trigger.put("deadline", t.getDeadline() == null ? null : t.getDeadline().toString());
    trigger.put("signedAt", t.getSignedAt().toString());

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", item.topic());
    body.put("partition", item.partition());
    body.put("offset", item.offset());
    body.put("signer", item.verdict().signer());
    body.put("envelopeDigest", item.verdict().envelopeDigest());
    body.put("trigger", trigger);
    return JSON.writeValueAsString(body);
  }
}
