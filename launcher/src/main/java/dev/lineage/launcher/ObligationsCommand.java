package dev.lineage.launcher;

import dev.lineage.api.Obligations;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.VerboseOption;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lineage obligations}: what deletion requests and bug reports still oblige model owners to
 * do (issue 14), as the impact service judges it ({@code GET /v1/obligations}).
 *
 * <p>Exit codes: 0 nothing shown is overdue; 1 an obligation shown is overdue, or no answer; 2 the
 * command line is malformed.
 */
@Command(
    name = "obligations",
    mixinStandardHelpOptions = true,
    description = {
      "Show the obligations deletion requests and bug reports opened: each affected model must be"
          + " retrained without the records (lineage retrained) or assessed and kept (lineage"
          + " assess) by its deadline.",
      "Each request is PENDING (not analysed yet), TRIGGERED (obligations open), FULFILLED (all"
          + " closed) or OVERDUE (one open past its deadline).",
      "Exit 0 when nothing shown is overdue; 1 when something is, or the server did not answer; 2"
          + " malformed arguments."
    })
final class ObligationsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin QueryCommand.ServerOptions server;
  @Mixin VerboseOption verbose;

  @Option(names = "--request", paramLabel = "ID", description = "Only this request.")
  String request;

  @Option(names = "--model", paramLabel = "ID", description = "Only this model's obligations.")
  String model;

  @Option(names = "--overdue", description = "Only obligations open past their deadline.")
  boolean overdue;

  /** How 503 waits are spent; tests replace it. */
  CommandLineApi.Pause pause = d -> Thread.sleep(d.toMillis());

  @Override
  public Integer call() {
    URI url;
    try {
      url = QueryCommand.serverUrl(server.http, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
    }
    if (server.timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
    }
    Map<String, String> query = new LinkedHashMap<>();
    if (request != null) {
      query.put("request", request);
    }
    if (model != null) {
      query.put("model", model);
    }
    if (overdue) {
      query.put("overdue", "true");
    }
    CommandLineApi client =
        new CommandLineApi(
            url, Duration.ofSeconds(server.timeoutSeconds), pause, server.token(spec));
    LineageApiClient.Answer<Obligations> answer;
    try {
      answer = client.get("/v1/obligations", query, Obligations.class);
    } catch (CommandLineApi.ApiError e) {
      if (e.status() == 400) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      throw new CommandFailedException(
          "the Lineage server answered HTTP "
              + e.status()
              + " ("
              + e.reason()
              + "): "
              + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (server.json) {
      QueryCommand.Query.printRaw(out, answer);
    } else {
      print(out, answer.value());
    }
    out.flush();
    boolean anyOverdue =
        answer.value().requests().stream()
            .flatMap(r -> r.obligations().stream())
            .anyMatch(o -> "OVERDUE".equals(o.status()));
    return anyOverdue ? 1 : 0;
  }

  static void print(PrintWriter out, Obligations body) {
    if (body.requests().isEmpty()) {
      out.println("no obligations (judged at " + body.asOf() + ")");
      return;
    }
    for (Obligations.Request r : body.requests()) {
      out.println(
          "request "
              + r.requestId()
              + ": "
              + r.state()
              + (r.cause() == null ? "" : " (" + r.cause().toLowerCase() + ")"));
      for (Obligations.Obligation o : r.obligations()) {
        StringBuilder line =
            new StringBuilder("  ")
                .append(o.status())
                .append(' ')
                .append(o.action())
                .append(' ')
                .append(o.modelId());
        if (o.deadline() != null) {
          line.append(" due ").append(o.deadline());
        }
        if (o.closedBy() != null) {
          line.append(" closed ").append(o.closedAt()).append(" by ").append(o.closedBy());
          if (Boolean.TRUE.equals(o.closedLate())) {
            line.append(" (late)");
          }
        }
        if (o.supersededBy() != null) {
          line.append(" superseded by ").append(o.supersededBy());
        }
        out.println(line);
        out.println(
            ("INVALIDATE".equals(o.action()) ? "    obligation " : "    trigger ") + o.triggerId());
      }
      for (Obligations.Waiting w : r.waiting()) {
        out.println("  waiting " + w.envelope() + " since " + w.since() + ": " + w.why());
      }
      for (Obligations.Erasure e : r.erasures()) {
        out.println(
            "  erased "
                + e.kind().toLowerCase().replace('_', ' ')
                + " at "
                + e.erasedAt()
                + ": "
                + String.join(", ", e.digests()));
      }
    }
  }
}
