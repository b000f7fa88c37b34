package dev.lineage.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.api.Obligations;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.ErasedSnapshot;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.PathNode;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.cli.CheckFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.obligations.ObligationEvents;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecordBase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage audit --request ID}: the whole signed trail of one deletion request or bug report
 * (issue 14), read from the topics as committed and each envelope verified against the trust roots
 * and the keys topic with the role its type needs: the request, the triggers with their paths, the
 * report, the completions and assessments, the erasure facts; then where the impact service says
 * the request stands ({@code GET /v1/obligations?request=}), when it answers.
 *
 * <p>Exit 0 when every record naming the request verified; 1 when one did not (shown, marked); 2
 * malformed arguments.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "Show the whole signed trail of a deletion request or bug report, each envelope verified:"
          + " the request, the triggers with their paths, the report, the completions and"
          + " assessments that closed the obligations, and the erasure facts.",
      "Then where the impact service says the request stands (PENDING, TRIGGERED, FULFILLED or"
          + " OVERDUE), when it answers.",
      "Exit 0 when every record of the request verified; 1 when one did not; 2 malformed"
          + " arguments."
    })
final class AuditCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin QueryCommand.ServerOptions server;
  @Mixin KafkaConfigOption kafkaConfig;

  @Option(names = "--request", required = true, paramLabel = "ID", description = "The request.")
  String request;

  @Mixin VerifiedFeedOptions source;

  /** One record of the trail. */
  record Entry(String kind, SignedFeed.Item item, SpecificRecordBase event) {}

  @Override
  public Integer call() throws Exception {
    Topics topics = source.topics(spec);
    if (server.timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
    }
    TrustAnchors roots = source.roots(spec);
    KafkaClientConfig kafka = kafkaConfig.load(spec);
    Map<String, Map<EventType<?>, Set<Role>>> rules = new HashMap<>();
    rules.put(
        topics.deletionRequests().name(),
        Map.of(EventType.DELETION_REQUESTED, Set.of(Role.GDPR_REQUESTER)));
    rules.put(
        topics.bugReports().name(),
        Map.of(EventType.BUG_REPORTED, Set.of(Role.PRODUCER, Role.ADMIN)));
    rules.put(
        topics.retrainingTriggers().name(),
        Map.of(EventType.RETRAINING_TRIGGERED, Set.of(Role.IMPACT_SERVICE)));
    rules.put(
        topics.impactReports().name(),
        Map.of(EventType.IMPACT_REPORT, Set.of(Role.IMPACT_SERVICE)));
    rules.put(
        topics.obligations().name(),
        ObligationEvents.SIGNER_ROLES.entrySet().stream()
            .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.of(e.getValue()))));
    List<Entry> trail = new ArrayList<>();
    int unverified = 0;
    try (SignedFeed feed =
        new SignedFeed(
            source.bootstrapServers,
            kafka,
            topics,
            roots,
            rules,
            Duration.ofSeconds(server.timeoutSeconds))) {
      while (!feed.caughtUp()) {
        for (SignedFeed.Item item : feed.poll(Duration.ofMillis(500))) {
          SpecificRecordBase event =
              item.verdict().accepted() ? item.verdict().event() : decodeOrNull(item.value());
          if (event == null || !request.equals(requestOf(event))) {
            continue;
          }
          if (!item.verdict().accepted()) {
            unverified++;
          }
          trail.add(new Entry(event.getSchema().getName(), item, event));
        }
      }
    } catch (IllegalStateException e) {
      throw new dev.lineage.cli.CommandFailedException(e.getMessage(), e);
    }
    trail.sort(
        java.util.Comparator.comparing((Entry e) -> order(e.kind()))
            .thenComparing(e -> e.item().verdict().appendedAt()));
    Optional<Obligations.Request> status = status();
    PrintWriter out = spec.commandLine().getOut();
    if (server.json) {
      out.println(json(trail, status));
    } else {
      print(out, trail, status);
    }
    out.flush();
    if (trail.isEmpty() && status.isEmpty()) {
      throw new CheckFailedException("nothing is known of request " + request);
    }
    if (unverified > 0) {
      throw new CheckFailedException(
          unverified + " record(s) naming request " + request + " did not verify");
    }
    return 0;
  }

  /** The request's status from the impact service; empty when it does not answer. */
  private Optional<Obligations.Request> status() {
    try {
      URI url = QueryCommand.serverUrl(server.http, System.getenv());
      CommandLineApi client =
          new CommandLineApi(
              url, Duration.ofSeconds(server.timeoutSeconds), d -> {}, server.token(spec));
      return client
          .get("/v1/obligations", Map.of("request", request), Obligations.class)
          .value()
          .requests()
          .stream()
          .findFirst();
    } catch (RuntimeException e) {
      spec.commandLine()
          .getErr()
          .println("lineage audit: no status from the impact service: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static SpecificRecordBase decodeOrNull(byte[] value) {
    try {
      return EventType.decodeAny(EnvelopeCodec.standard().decode(value));
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String requestOf(SpecificRecordBase event) {
    if (event instanceof BugReported b) {
      return b.getReportId();
    }
    Object id = event.getSchema().getField("requestId") == null ? null : event.get("requestId");
    return id == null ? null : id.toString();
  }

  private static int order(String kind) {
    return switch (kind) {
      case "DeletionRequested", "BugReported" -> 0;
      case "RetrainingTriggered" -> 1;
      case "ImpactReport" -> 2;
      case "RetrainingCompleted", "ImpactAssessed" -> 3;
      default -> 4;
    };
  }

  static void print(PrintWriter out, List<Entry> trail, Optional<Obligations.Request> status) {
    for (Entry e : trail) {
      out.println(line(e.event()));
      SignedFeed.Item i = e.item();
      out.println(
          "    "
              + (i.verdict().accepted()
                  ? "verified: signed by key " + i.verdict().signer()
                  : "NOT VERIFIED: "
                      + i.verdict().rejection().reason()
                      + " ("
                      + i.verdict().rejection().detail()
                      + ")")
              + ", "
              + i.topic()
              + "-"
              + i.partition()
              + "@"
              + i.offset()
              + ", envelope "
              + i.verdict().envelopeDigest());
      if (e.event() instanceof RetrainingTriggered t) {
        for (List<PathNode> path : t.getPaths()) {
          out.println(
              "    path "
                  + path.stream()
                      .map(n -> n.getName() == null ? n.getId() : n.getName() + " " + n.getId())
                      .collect(Collectors.joining(" -> ")));
        }
      }
    }
    status.ifPresentOrElse(
        s -> {
          out.println("status: " + s.state() + " (as the impact service judges it)");
          for (Obligations.Obligation o : s.obligations()) {
            out.println(
                "  "
                    + o.status()
                    + " "
                    + o.action()
                    + " "
                    + o.modelId()
                    + (o.closedBy() == null ? "" : " closed by " + o.closedBy())
                    + (o.supersededBy() == null ? "" : ", superseded by " + o.supersededBy()));
          }
        },
        () -> out.println("status: unknown (the impact service did not answer)"));
  }

  private static String line(SpecificRecordBase event) {
    if (event instanceof DeletionRequested d) {
      return "request "
          + d.getRequestId()
          + ": deletion from "
          + d.getSubject()
          + ", "
          + d.getRecordSet().getCount()
          + " record(s), record set "
          + d.getRecordSet().getDigest()
          + (d.getDeadline() == null ? "" : ", due " + d.getDeadline());
    }
    if (event instanceof BugReported b) {
      return "request " + b.getReportId() + ": bug in process " + b.getProcessName();
    }
    if (event instanceof RetrainingTriggered t) {
      return "trigger "
          + t.getTriggerId()
          + ": "
          + t.getAction()
          + " model "
          + t.getModelId()
          + (t.getDeadline() == null ? "" : ", due " + t.getDeadline())
          + " ("
          + t.getDecisionRule()
          + ")";
    }
    if (event instanceof ImpactReport r) {
      return "report: " + r.getStatus();
    }
    if (event instanceof RetrainingCompleted c) {
      return "completion of trigger "
          + c.getTriggerId()
          + ": model "
          + c.getModelId()
          + " replaced by "
          + c.getNewModelDigest()
          + ", trained by "
          + c.getTrainingRunId();
    }
    if (event instanceof ImpactAssessed a) {
      return "assessment of trigger "
          + a.getTriggerId()
          + ": "
          + a.getDecision()
          + " model "
          + a.getModelId()
          + (a.getGuarantee() == null
              ? ""
              : " under epsilon="
                  + a.getGuarantee().getEpsilon()
                  + ", delta="
                  + a.getGuarantee().getDelta())
          + ": "
          + a.getJustification();
    }
    if (event instanceof RecordListErased x) {
      return "record list " + x.getRecordSetDigest() + " erased at " + x.getErasedAt();
    }
    if (event instanceof PredictionInvalidated p) {
      return "prediction " + p.getPredictionId() + " invalidated: " + p.getReason();
    }
    if (event instanceof SnapshotErased x) {
      return "snapshots erased at "
          + x.getErasedAt()
          + ": "
          + x.getSnapshots().stream().map(ErasedSnapshot::getDigest).toList();
    }
    return event.getSchema().getName();
  }

  private static String json(List<Entry> trail, Optional<Obligations.Request> status)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode records = root.putArray("trail");
    for (Entry e : trail) {
      ObjectNode r = records.addObject();
      SignedFeed.Item i = e.item();
      r.put("type", e.kind());
      r.put("topic", i.topic());
      r.put("partition", i.partition());
      r.put("offset", i.offset());
      r.put("envelope", i.verdict().envelopeDigest());
      r.put("verified", i.verdict().accepted());
      if (i.verdict().accepted()) {
        r.put("signer", i.verdict().signer());
      } else {
        r.put("reason", i.verdict().rejection().reason().wire());
        r.put("detail", i.verdict().rejection().detail());
      }
      r.put("summary", line(e.event()));
      // the whole decoded event, every field, so an auditor needs nothing but this output
      r.set("event", AvroJson.of(e.event()));
    }
    if (status.isPresent()) {
      root.set("status", JSON.valueToTree(status.get()));
    }
    return JSON.writeValueAsString(root);
  }
}
