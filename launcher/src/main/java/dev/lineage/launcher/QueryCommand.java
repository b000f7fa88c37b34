package dev.lineage.launcher;

import dev.lineage.access.ApiToken;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.Lineage;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.NodeKinds;
import dev.lineage.api.PathStep;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.VerboseOption;
import dev.lineage.id.NodeId;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lineage query}: asks a running Lineage server (its HTTP API) about the lineage graph and
 * prints the answer for a person, or as the server's JSON with {@code --json}.
 *
 * <p>Exit codes: 0 answered; 1 the node is unknown, the server is unreachable or stayed busy, or it
 * failed; 2 the command line (an id, an option) is malformed, as judged here or by the server.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a running Lineage server about the lineage graph (start one with ./lineage up).",
      "Exit 1 when the node is unknown or the server does not answer; 2 when an id or option is"
          + " malformed."
    },
    subcommands = {
      QueryCommand.Downstream.class,
      QueryCommand.Upstream.class,
      QueryCommand.Paths.class,
      QueryCommand.Node.class
    })
final class QueryCommand implements Runnable {
  static final String HTTP_ENV = "LINEAGE_HTTP";

  /** Below this many nodes still wanted, {@code --limit} asks for a smaller page. */
  static final int PAGE = 1000;

  /** Runs looked up for their process version when a path answer names them. */
  static final int MAX_RUN_LOOKUPS = 100;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a query is required: downstream, upstream, path or node");
  }

  /** The server to ask and the form of the answer; every query takes them. */
  static final class ServerOptions {
    @Option(
        names = "--http",
        paramLabel = "URL[,URL...]",
        description =
            "The Lineage HTTP API (default: environment "
                + HTTP_ENV
                + ", else "
                + CommandLineApi.DEFAULT_URL
                + "); several instances comma-separated: one that cannot answer hands the"
                + " question to the next.")
    String http;

    @Option(
        names = "--json",
        description =
            "Print the server's JSON as it came, for machines: one document per line, one per"
                + " page when a listing has several.")
    boolean json;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "30",
        description = "How long one answer may take (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
        names = "--api-token-file",
        paramLabel = "FILE",
        description =
            "The bearer token of a server that requires one (default: the file environment "
                + ApiToken.ENV
                + " names). Never on the command line itself.")
    Path apiTokenFile;

    /** The token to send, if any; a token file that cannot be used is a usage error. */
    Optional<ApiToken> token(CommandSpec spec) {
      try {
        return ApiToken.fromOptionOrEnv(apiTokenFile, System.getenv());
      } catch (NoSuchFileException e) {
        throw new ParameterException(
            spec.commandLine(), "--api-token-file: no such file: " + e.getFile());
      } catch (IOException | IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--api-token-file: " + e.getMessage());
      }
    }
  }

  /**
   * The server's URL: the option, else the environment, else the local default of {@code ./lineage
   * up}.
   */
  static URI serverUrl(String option, Map<String, String> env) {
    return serverUrls(option, env).get(0);
  }

  /**
   * Every instance named by {@code --http}, else the environment, else the default:
   * comma-separated, asked in turn when one cannot answer.
   */
  static List<URI> serverUrls(String option, Map<String, String> env) {
    String text = option;
    if (text == null || text.isBlank()) {
      String fromEnv = env.get(HTTP_ENV);
      text = fromEnv == null || fromEnv.isBlank() ? CommandLineApi.DEFAULT_URL : fromEnv;
    }
    List<URI> urls = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        urls.add(CommandLineApi.baseUrl(part.trim()));
      }
    }
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("names no server");
    }
    return urls;
  }

  /** What every query does around its request: options, the client, the error mapping. */
  abstract static class Query implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ServerOptions server;
    @Mixin VerboseOption verbose;

    /** How 503 waits are spent; tests replace it to record them. */
    CommandLineApi.Pause pause = d -> Thread.sleep(d.toMillis());

    @Override
    public final Integer call() {
      List<URI> url;
      try {
        url = serverUrls(server.http, System.getenv());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--http: " + e.getMessage());
      }
      if (server.timeoutSeconds < 1) {
        throw new ParameterException(spec.commandLine(), "--timeout must be 1 or more");
      }
      CommandLineApi client =
          new CommandLineApi(
              url, Duration.ofSeconds(server.timeoutSeconds), pause, server.token(spec));
      PrintWriter out = spec.commandLine().getOut();
      try {
        ask(client, out);
      } catch (CommandLineApi.ApiError e) {
        throw failure(e);
      } finally {
        out.flush();
      }
      return 0;
    }

    abstract void ask(CommandLineApi client, PrintWriter out);

    /**
     * A refusal by the server as this command's failure: its 400 means the command line must change
     * (exit 2), anything else that the question cannot be answered (exit 1).
     */
    RuntimeException failure(CommandLineApi.ApiError e) {
      if (e.status() == 400) {
        return new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (e.status() == 404) {
        return new CommandFailedException(e.getMessage());
      }
      return new CommandFailedException(
          "the Lineage server answered HTTP "
              + e.status()
              + " ("
              + e.reason()
              + "): "
              + e.getMessage());
    }

    /** Checks an id here, so a typo is a usage error even with no server running. */
    static String nodeId(String text) {
      return NodeId.parse(text).toString();
    }

    static void printRaw(PrintWriter out, LineageApiClient.Answer<?> answer) {
      out.print(answer.body());
      if (!answer.body().endsWith("\n")) {
        out.println();
      }
    }
  }

  /** Downstream and upstream: the closure of a node, listed or counted. */
  abstract static class Closure extends Query {
    @Parameters(
        paramLabel = "ID",
        description =
            "A node: sha256:<hex>, source:<name>, run:<id>, git:<commit>, oci:<repo>@sha256:<hex>,"
                + " or name:<name>[@<version>] for a registered artifact.")
    String id;

    @Option(
        names = "--depth",
        paramLabel = "N",
        description = "At most N steps from ID (default: unbounded).")
    Integer depth;

    @Option(
        names = "--kinds",
        paramLabel = "KIND",
        split = ",",
        description =
            "Only nodes of these kinds, e.g. MODEL,DATASET (the start is always listed): any of"
                + " ARTIFACT, CODE, CONTAINER_IMAGE, DATASET, FEATURE_SCHEMA, LOCKFILE, MANIFEST,"
                + " MODEL, OTHER, PREDICTIONS, RUN, SOURCE.")
    List<String> kinds;

    @Option(
        names = "--summary",
        description = "Counts by kind instead of the listing (fast on any size).")
    boolean summary;

    @Option(
        names = "--limit",
        paramLabel = "N",
        description = "List at most N nodes (default: all; the pages are followed).")
    Integer limit;

    abstract boolean downstream();

    @Override
    void ask(CommandLineApi client, PrintWriter out) {
      if (depth != null && depth < 0) {
        throw new ParameterException(spec.commandLine(), "--depth must be 0 or more");
      }
      if (limit != null && limit < 1) {
        throw new ParameterException(spec.commandLine(), "--limit must be 1 or more");
      }
      if (kinds != null) {
        try {
          // checked here too: a typo must not read as "nothing of that kind downstream"
          kinds = List.copyOf(NodeKinds.parse(kinds));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--kinds: " + e.getMessage());
        }
      }
      String path = "/v1/lineage/" + CommandLineApi.pathSegment(nodeId(id));
      Map<String, String> query = new LinkedHashMap<>();
      query.put("direction", downstream() ? "downstream" : "upstream");
      query.put("depth", depth == null ? null : depth.toString());
      query.put("kinds", kinds == null || kinds.isEmpty() ? null : String.join(",", kinds));
      if (summary) {
        query.put("summary", "true");
        LineageApiClient.Answer<Lineage> answer = client.get(path, query, Lineage.class);
        if (server.json) {
          printRaw(out, answer);
        } else {
          LineageText.summary(out, answer.value());
        }
        return;
      }
      listing(client, path, query, out);
    }

    /** Reads the pages in turn until the listing ends or reaches {@code --limit}. */
    private void listing(
        CommandLineApi client, String path, Map<String, String> query, PrintWriter out) {
      List<dev.lineage.api.Node> nodes = new ArrayList<>();
      List<GraphEdge> edges = new ArrayList<>();
      Lineage first = null;
      Lineage last = null;
      boolean moved = false;
      int offset = 0;
      while (true) {
        query.put("offset", Integer.toString(offset));
        // The page size is the server's own unless --limit asks for fewer: a server may cap it
        // lower than any size chosen here.
        query.put(
            "limit",
            limit != null && limit - nodes.size() < PAGE
                ? Integer.toString(limit - nodes.size())
                : null);
        LineageApiClient.Answer<Lineage> answer = client.get(path, query, Lineage.class);
        last = answer.value();
        if (first == null) {
          first = last;
        } else if (!Objects.equals(position(first), position(last))) {
          moved = true;
        }
        if (server.json) {
          printRaw(out, answer);
        }
        if (last.nodes() != null) {
          nodes.addAll(last.nodes());
        }
        if (last.edges() != null) {
          edges.addAll(last.edges());
        }
        Integer next = last.page() == null ? null : last.page().nextOffset();
        if (next == null || limit != null && nodes.size() >= limit) {
          break;
        }
        if (next <= offset) {
          throw new CommandFailedException(
              "the server's listing does not advance past offset " + offset + "; not following it");
        }
        offset = next;
      }
      if (moved) {
        spec.commandLine()
            .getErr()
            .println(
                "note: the graph changed while its pages were read; ask again for one consistent"
                    + " listing");
      }
      if (!server.json) {
        LineageText.listing(
            out,
            new LineageText.Listing(
                last.start(),
                downstream(),
                nodes,
                edges,
                last.page() == null ? nodes.size() : last.page().total(),
                last.receipt()));
      }
    }

    private static Map<String, Long> position(Lineage answer) {
      return answer.receipt() == null ? null : answer.receipt().position();
    }
  }

  @Command(
      name = "downstream",
      mixinStandardHelpOptions = true,
      description = {
        "Everything derived from ID: the runs that read it, what they wrote, and so on, as a tree.",
        "Ends with the receipt: nodes visited, whether the answer was cut and by what, the depth"
            + " reached."
      })
  static final class Downstream extends Closure {
    @Override
    boolean downstream() {
      return true;
    }
  }

  @Command(
      name = "upstream",
      mixinStandardHelpOptions = true,
      description = {
        "Everything ID was derived from: the run that wrote it, what that run read, and so on.",
        "Ends with the receipt: nodes visited, whether the answer was cut and by what, the depth"
            + " reached."
      })
  static final class Upstream extends Closure {
    @Override
    boolean downstream() {
      return false;
    }
  }

  @Command(
      name = "path",
      mixinStandardHelpOptions = true,
      description = {
        "The paths from FROM down to TO, one line each: FROM → run (process version) → ... → TO.",
        "No path is an answer too (exit 0)."
      })
  static final class Paths extends Query {
    @Parameters(index = "0", paramLabel = "FROM", description = "The upstream node (or name:).")
    String from;

    @Parameters(index = "1", paramLabel = "TO", description = "The downstream node (or name:).")
    String to;

    @Option(
        names = "--max-paths",
        paramLabel = "N",
        description = "At most N paths (default: the server's, 100).")
    Integer maxPaths;

    @Override
    void ask(CommandLineApi client, PrintWriter out) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("from", nodeId(from));
      query.put("to", nodeId(to));
      query.put("maxPaths", maxPaths == null ? null : maxPaths.toString());
      LineageApiClient.Answer<dev.lineage.api.Paths> answer =
          client.get("/v1/paths", query, dev.lineage.api.Paths.class);
      if (server.json) {
        printRaw(out, answer);
        return;
      }
      LineageText.paths(out, answer.value(), runDetails(client, answer.value()));
    }

    /**
     * The runs on the paths whose step lacks the process version, looked up one by one (a few: a
     * path answer is capped), so each run reads as its process and version.
     */
    private static Map<String, NodeDetails> runDetails(
        CommandLineApi client, dev.lineage.api.Paths body) {
      Map<String, NodeDetails> details = new LinkedHashMap<>();
      for (List<PathStep> path : body.paths() == null ? List.<List<PathStep>>of() : body.paths()) {
        for (PathStep step : path) {
          String id = step.id();
          boolean run = "RUN".equals(step.kind()) || id.startsWith("run:");
          // a path step never carries the version: each named run's is looked up
          if (run
              && step.name() != null
              && !details.containsKey(id)
              && details.size() < MAX_RUN_LOOKUPS) {
            details.put(
                id,
                client
                    .get("/v1/nodes/" + CommandLineApi.pathSegment(id), Map.of(), NodeDetails.class)
                    .value());
          }
        }
      }
      return details;
    }
  }

  @Command(
      name = "node",
      mixinStandardHelpOptions = true,
      description = "One node: its kind, name, version, signer, attributes.")
  static final class Node extends Query {
    @Parameters(paramLabel = "ID", description = "A node id, or name:<name>[@<version>].")
    String id;

    @Override
    void ask(CommandLineApi client, PrintWriter out) {
      LineageApiClient.Answer<NodeDetails> answer =
          client.get(
              "/v1/nodes/" + CommandLineApi.pathSegment(nodeId(id)), Map.of(), NodeDetails.class);
      if (server.json) {
        printRaw(out, answer);
      } else {
        LineageText.node(out, answer.value());
      }
    }
  }
}
