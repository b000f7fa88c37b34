package dev.lineage.impact.graphclient;

import dev.lineage.api.Closure;
import dev.lineage.api.ClosureQuery;
import dev.lineage.api.Folded;
import dev.lineage.api.GraphEdge;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.ProcessRun;
import dev.lineage.api.Receipt;
import dev.lineage.api.client.ApiErrorException;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.api.client.UnreachableException;
import dev.lineage.api.client.UnreadableAnswerException;
import dev.lineage.http.RequestMac;
import dev.lineage.id.Digest;
import dev.lineage.obligations.CompletionCheck;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@link LineageGraph} over lineage-streams' HTTP API (contract A): {@code POST /v1/closure},
 * {@code GET /v1/nodes/{id}}, {@code GET /v1/processes/{name}/runs}. Any instance answers (it
 * routes to the owners), so one base URI is enough.
 *
 * <p>Every call is bounded by the timeout, because it runs on a stream thread: a slow or absent
 * lineage-streams must cost seconds, not the poll interval. Blocking and synchronous on purpose:
 * the analysis needs each answer before the next question; a 503 is not waited out here but
 * reported as unavailable, for the request to be retried as a whole.
 *
 * <p>With the deployment's cluster secret every call carries a member's MAC, which lineage-streams
 * accepts in place of the bearer token its read API may require: the impact service needs no token
 * of its own.
 */
public final class HttpLineageGraph implements LineageGraph {
  private final LineageApiClient client;
  private final boolean signed;
  private final AtomicLong metBefore = new AtomicLong(Long.MIN_VALUE);

  public HttpLineageGraph(URI base, Duration timeout) {
    this(base, timeout, Optional.empty());
  }

  /**
   * @param mac signs every call with the cluster secret; empty sends them unsigned
   */
  public HttpLineageGraph(URI base, Duration timeout, Optional<RequestMac> mac) {
    this(List.of(Objects.requireNonNull(base, "base")), timeout, mac);
  }

  /**
   * A graph read through any of these lineage-streams instances: the one that answered last is
   * asked, and a call it cannot answer (unreachable, or 503 while its partitions move) goes to the
   * next at once; only when none answers is the graph unavailable.
   *
   * @param mac signs every call with the cluster secret; empty sends them unsigned
   */
  public HttpLineageGraph(List<URI> bases, Duration timeout, Optional<RequestMac> mac) {
    Objects.requireNonNull(mac, "mac");
    this.signed = mac.isPresent();
    this.client =
        LineageApiClient.builder(Objects.requireNonNull(bases, "bases"))
            .connectTimeout(Objects.requireNonNull(timeout, "timeout"))
            .requestTimeout(timeout)
            .maxAttempts(1)
            .signer(mac.<LineageApiClient.RequestSigner>map(m -> m::sign).orElse(null))
            .build();
  }

  /** The instance asked now. */
  public URI base() {
    return client.base();
  }

  /** Every instance this graph may ask, in the order it tries them. */
  public List<URI> bases() {
    return client.bases();
  }

  /**
   * Asks {@code GET /v1/folded}, unless a time at or after {@code appendedAt} was already met (a
   * barrier met for T is met for every earlier time: a backlog of requests costs one question).
   */
  @Override
  public boolean foldedBefore(long appendedAt) {
    if (appendedAt <= metBefore.get()) {
      return true;
    }
    Folded answer = call("GET /v1/folded", () -> client.folded(appendedAt));
    if (answer.met() && answer.before() == appendedAt) {
      metBefore.accumulateAndGet(appendedAt, Math::max);
      return true;
    }
    return false;
  }

  @Override
  public Closure downstreamClosure(List<String> starts) {
    Closure c = call("POST /v1/closure", () -> client.closure(ClosureQuery.downstream(starts)));
    if (c.receipt() != null) {
      return c;
    }
    return new Closure(
        c.starts(),
        c.missing(),
        c.direction(),
        c.nodes(),
        c.edges(),
        new Receipt(c.nodes().size(), false, null, 0, null));
  }

  @Override
  public Optional<NodeDetails> node(String id) {
    try {
      return Optional.of(
          withFallbacks(
              client
                  .get("/v1/nodes/" + LineageApiClient.pathSegment(id), Map.of(), NodeDetails.class)
                  .value()));
    } catch (ApiErrorException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw failure(e.request(), e);
    } catch (UnreadableAnswerException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw failure("GET /v1/nodes/" + LineageApiClient.pathSegment(id), e);
    } catch (LineageApiException e) {
      throw failure("GET /v1/nodes/" + LineageApiClient.pathSegment(id), e);
    }
  }

  @Override
  public List<ProcessRun> processRuns(RunQuery query) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("minVersion", query.minVersion());
    params.put("maxVersion", query.maxVersion());
    params.put("from", query.from() == null ? null : query.from().toString());
    params.put("to", query.to() == null ? null : query.to().toString());
    List<ProcessRun> runs =
        call(
            "GET /v1/processes/" + query.processName() + "/runs",
            () -> client.processRuns(query.processName(), params).runs());
    for (ProcessRun run : runs) {
      try {
        run.startedAtInstant();
        run.endedAtInstant();
      } catch (DateTimeParseException e) {
        throw new GraphUnavailableException(
            "lineage-streams sent a time that does not parse: " + e.getParsedString());
      }
    }
    return runs == null ? List.of() : runs;
  }

  @Override
  public Optional<CompletionCheck.TrainingRun> trainingRun(String runId) {
    Optional<NodeDetails> node = node(runId);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    Closure up =
        call(
            "POST /v1/closure",
            () -> client.closure(new ClosureQuery(List.of(runId), "upstream", 1)));
    Closure down =
        call(
            "POST /v1/closure",
            () -> client.closure(new ClosureQuery(List.of(runId), "downstream", 1)));
    List<String> inputs =
        up.edges().stream()
            .filter(e -> e.to().equals(runId))
            .map(GraphEdge::from)
            .distinct()
            .sorted()
            .toList();
    List<String> outputs =
        down.edges().stream()
            .filter(e -> e.from().equals(runId))
            .map(GraphEdge::to)
            .distinct()
            .sorted()
            .toList();
    String manifest = node.get().manifestDigest();
    return Optional.of(
        new CompletionCheck.TrainingRun(
            runId,
            inputs,
            outputs,
            manifest != null && Digest.isValid(manifest) ? Digest.parse(manifest) : null));
  }

  private <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiErrorException e) {
      throw failure(e.request(), e);
    } catch (LineageApiException e) {
      throw failure(what, e);
    }
  }

  /**
   * Anything that says "not now" is a {@link GraphUnavailableException}; a refused question is a
   * {@link GraphRequestException}.
   */
  private RuntimeException failure(String what, LineageApiException e) {
    if (e instanceof UnreachableException u) {
      return new GraphUnavailableException(
          "lineage-streams at " + base() + " did not answer " + what + ": " + u.getCause(), u);
    }
    int status;
    String reason;
    if (e instanceof ApiErrorException refused) {
      status = refused.status();
      reason = refused.getMessage();
    } else if (e instanceof UnreadableAnswerException unreadable && unreadable.status() != 200) {
      status = unreadable.status();
      reason = "(no JSON reason)";
    } else if (e instanceof UnreadableAnswerException) {
      return new GraphUnavailableException(
          "lineage-streams sent an unreadable answer to " + what, e);
    } else {
      return new GraphUnavailableException("interrupted while asking lineage-streams", e);
    }
    if (status == 401 || status == 403) {
      // credentials are the deployment's to fix (a secret rolled out, a token set): the request
      // waits for that instead of failing
      return new GraphUnavailableException(
          "lineage-streams refused "
              + what
              + " ("
              + status
              + "): "
              + reason
              + (signed
                  ? "; do both services hold the same cluster secret?"
                  : "; give the impact service the deployment's cluster secret"));
    }
    if (status == 404 || status == 408 || status == 429 || status >= 500) {
      // a 404 for the endpoint itself means an older lineage-streams: an operator can fix it, so
      // the request waits instead of being answered wrongly
      return new GraphUnavailableException(
          "lineage-streams answered " + status + " to " + what + ": " + reason);
    }
    return new GraphRequestException(
        status, "lineage-streams refused " + what + " (" + status + "): " + reason);
  }

  /**
   * Contract A.1 puts {@code recordCount} and {@code manifestDigest} at the top level; older
   * lineage-streams builds had them among the attributes only ({@code recordCount}, {@code
   * manifest}), which is read as a fallback.
   */
  static NodeDetails withFallbacks(NodeDetails n) {
    Map<String, String> attributes = n.attributes() == null ? Map.of() : n.attributes();
    Long recordCount = n.recordCount();
    if (recordCount == null && attributes.get("recordCount") != null) {
      try {
        recordCount = Long.parseLong(attributes.get("recordCount"));
      } catch (NumberFormatException e) {
        recordCount = null;
      }
    }
    String manifest = n.manifestDigest() != null ? n.manifestDigest() : attributes.get("manifest");
    if (Objects.equals(recordCount, n.recordCount())
        && Objects.equals(manifest, n.manifestDigest())) {
      return n;
    }
    return new NodeDetails(
        n.id(),
        n.kind(),
        n.name(),
        n.version(),
        n.attributes(),
        n.signer(),
        n.firstSeen(),
        n.registered(),
        n.mediaType(),
        n.sizeBytes(),
        recordCount,
        n.processName(),
        n.processVersion(),
        n.configDigest(),
        manifest,
        n.startedAt(),
        n.endedAt(),
        n.environment(),
        n.equivalentTo(),
        n.position());
  }
}
