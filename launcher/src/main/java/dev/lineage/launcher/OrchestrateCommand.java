package dev.lineage.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CheckFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.orchestrate.DemoRetraining;
import dev.lineage.orchestrate.Orchestrator;
import dev.lineage.publish.LineageClient;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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
    name = "orchestrate",
    mixinStandardHelpOptions = true,
    description = {
      "The reference retraining orchestrator (issue 14), an example to adapt: reads the retraining"
          + " triggers as lineage triggers does (committed only, each verified: a key holding"
          + " IMPACT_SERVICE signed it) and, for each one whose obligation is open and whose"
          + " action is RETRAIN, fetches the request's record list (GET /v1/record-lists, a call"
          + " signed by --key), rebuilds the affected dataset without those records, trains the"
          + " model again, puts both in the CAS and publishes, signed by --key: the new dataset,"
          + " the run that rebuilt it, the new model, its training manifest declaring the"
          + " request's record set excluded, the training run and the completion (what lineage"
          + " retrained publishes).",
      "The rebuild and training are the demo's (dev.lineage.orchestrate.DemoRetraining: the"
          + " seed's features without the rows, a logistic regression); a pipeline plugs in its"
          + " own by implementing dev.lineage.orchestrate.Retraining.",
      "Idempotent: run ids derive from the trigger id; a trigger whose obligation is closed is"
          + " skipped, one whose training run is already in the graph gets only its completion."
          + " Record keys are never printed or logged.",
      "Exit 0 when every trigger was handled, 1 when one could not be (its reason on stderr)."
    })
final class OrchestrateCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Mixin VerifiedFeedOptions source;

  @Mixin KafkaConfigOption kafkaConfig;

  @Mixin QueryCommand.ServerOptions server;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description =
          "PEM private key of a PRODUCER: signs the list fetch, the events, the manifest and the"
              + " completion.")
  Path key;

  @Option(
      names = "--cas",
      paramLabel = "DIR",
      description =
          "The content-addressed store holding the affected snapshots and taking the new files"
              + " (default: the local stack's, DATA_DIR/cas of --data-dir).")
  Path cas;

  @Option(names = "--request", paramLabel = "ID", description = "Only this request's triggers.")
  String request;

  @Option(names = "--follow", description = "Keep acting on triggers as they arrive, until Ctrl-C.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    Topics topics = source.topics(spec);
    KafkaClientConfig kafka = kafkaConfig.load(spec);
    TrustAnchors roots = source.roots(spec);
    URI url;
    try {
      url = QueryCommand.serverUrl(server.http, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
    }
    if (server.timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
    }
    Signer producer;
    try {
      producer = Signer.fromPrivateKeyFile(key);
    } catch (IOException | RuntimeException e) {
      throw new ParameterException(spec.commandLine(), "--key: cannot read " + key + ": " + e);
    }
    Path casDir = cas != null ? cas : source.dataDir.resolve("cas");
    Duration timeout = Duration.ofSeconds(server.timeoutSeconds);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AtomicBoolean stop = new AtomicBoolean();
    if (follow) {
      Signal.handle(new Signal("INT"), s -> stop.set(true));
      Signal.handle(new Signal("TERM"), s -> stop.set(true));
    }
    CommandLineApi api =
        new CommandLineApi(url, timeout, d -> Thread.sleep(d.toMillis()), server.token(spec));
    int failed = 0;
    SeenIds seen = new SeenIds(100_000);
    try (LineageClient publisher =
            LineageClient.builder()
                .bootstrapServers(source.bootstrapServers)
                .topics(topics)
                .signer(producer)
                .properties(kafka.properties())
                .build();
        SignedFeed feed =
            new SignedFeed(
                source.bootstrapServers,
                kafka,
                topics,
                roots,
                Map.of(topics.retrainingTriggers().name(), EventType.RETRAINING_TRIGGERED),
                Role.IMPACT_SERVICE,
                timeout)) {
      Orchestrator orchestrator =
          new Orchestrator(
              api.client(),
              publisher,
              producer,
              new ContentStore(casDir),
              new DemoRetraining(),
              casDir.resolveSibling("orchestrate"),
              Clock.systemUTC(),
              timeout);
      while (!stop.get() && (follow || !feed.caughtUp())) {
        for (SignedFeed.Item item : feed.poll(Duration.ofMillis(500))) {
          String where = SeenIds.where(item.topic(), item.partition(), item.offset());
          if (!item.verdict().accepted()) {
            err.println(
                "lineage orchestrate: record "
                    + where
                    + " is not a trigger the service signed: "
                    + item.verdict().rejection().reason()
                    + "; not acted on");
            err.flush();
            continue;
          }
          RetrainingTriggered t = (RetrainingTriggered) item.verdict().event();
          if (request != null && !request.equals(t.getRequestId())) {
            continue;
          }
          Optional<String> first = seen.repeatOf(t.getTriggerId(), where);
          if (first.isPresent()) {
            // a replay is never a second retraining
            continue;
          }
          try {
            Orchestrator.Outcome o = orchestrator.handle(t);
            if (server.json) {
              out.println(json(o));
            } else {
              describe(out, o);
            }
            out.flush();
            if (o.status() == Orchestrator.Status.NOT_OPEN_YET) {
              failed++;
            }
          } catch (IOException | LineageApiException | IllegalStateException e) {
            failed++;
            err.println(
                "lineage orchestrate: trigger "
                    + t.getTriggerId()
                    + " not handled: "
                    + e.getMessage());
            err.flush();
          }
        }
      }
    }
    if (failed > 0) {
      throw new CheckFailedException(failed + " trigger(s) could not be handled");
    }
    return 0;
  }

  /** How a person reads an outcome (also what {@code up --demo} prints); never a record key. */
  static void describe(PrintWriter out, Orchestrator.Outcome o) {
    RetrainingTriggered t = o.trigger();
    out.println(
        "orchestrate "
            + LineageText.shortId(t.getTriggerId())
            + "  "
            + t.getRequestId()
            + "  "
            + (t.getModelName() == null ? "" : t.getModelName() + " ")
            + LineageText.shortId(t.getModelId())
            + ": "
            + o.status());
    out.println("  " + o.detail());
    if (o.newModel() != null) {
      out.println("  dataset   " + o.newDatasetName() + " " + o.newDataset());
      out.println("  model     " + o.newModelName() + " " + o.newModel());
      if (o.manifest() != null) {
        out.println("  manifest  " + o.manifest() + " (declares the record set excluded)");
      }
      out.println("  run       " + o.trainingRun());
    }
  }

  private static String json(Orchestrator.Outcome o) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("triggerId", o.trigger().getTriggerId());
    body.put("requestId", o.trigger().getRequestId());
    body.put("modelId", o.trigger().getModelId());
    body.put("status", o.status().name());
    body.put("detail", o.detail());
    body.put("newDataset", o.newDataset());
    body.put("newDatasetName", o.newDatasetName());
    body.put("newModel", o.newModel());
    body.put("newModelName", o.newModelName());
    body.put("manifest", o.manifest());
    body.put("trainingRun", o.trainingRun());
    return JSON.writeValueAsString(body);
  }
}
