package dev.lineage.translog;

import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.http.RawBody;
import dev.lineage.id.Digest;
import dev.lineage.tlog.checkpoint.Checkpoint;
import dev.lineage.tlog.checkpoint.ConsistencyProof;
import dev.lineage.tlog.checkpoint.TlogProof;
import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.MissingHashException;
import dev.lineage.tlog.note.Ed25519KeyPair;
import dev.lineage.tlog.note.Ed25519NoteSigner;
import dev.lineage.tlog.note.SignedNote;
import dev.lineage.tlog.tiles.TileResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The transparency log over HTTP, served by the instance that holds the log topic's one partition
 * (its stores are local there; any other instance forwards, see below; 503 with {@code Retry-After}
 * while the partition moves, as for any store during a rebalance):
 *
 * <ul>
 *   <li>{@code GET /log/checkpoint}: the current tree head as a C2SP tlog-checkpoint signed note,
 *       {@code text/plain}. Ed25519 signatures are deterministic, so the checkpoint of a tree is
 *       the same bytes whenever it is asked for: signing the head on demand is publishing it at
 *       every integration (every {@link LogTopology#DEFAULT_INTEGRATE_EVERY}), without a second
 *       copy of the head to keep in step.
 *   <li>{@code GET /log/tile/<L>/<N>[.p/<W>]} and {@code GET /log/tile/entries/<N>[.p/<W>]}: tiles
 *       and entry bundles in the C2SP tlog-tiles layout, {@code application/octet-stream}; full
 *       tiles are immutable and say so in {@code Cache-Control}.
 *   <li>{@code GET /v1/log/proof?envelope=sha256:...[&size=N]}: a C2SP tlog-proof (index, inclusion
 *       proof, the signed checkpoint it is against), {@code text/plain}; against the tree of N
 *       leaves when {@code size} is given (a checkpoint a witness cosigned: every proof of an
 *       evidence bundle is against one checkpoint), else the current head; 404 for an envelope the
 *       log does not hold (or not within N leaves), 503 while it is sequenced but not integrated
 *       yet.
 *   <li>{@code GET /v1/log/consistency?from=N&to=M}: the consistency proof between two tree sizes
 *       ({@link ConsistencyProof} text), {@code text/plain}.
 * </ul>
 *
 * <p>These are spec formats, not JSON: any tlog-tiles client or tlog-proof verifier reads them.
 *
 * <p>An instance that does not hold the log topic's partition asks the one that does ({@link
 * Owner}, on the internal mirror of each path, signed with the cluster secret as every call between
 * instances) and answers what it answered; 503 only while no owner is known.
 */
public final class LogApi {
  /** Opens a local store of this instance by name; 503 when it is not here or not ready. */
  @FunctionalInterface
  public interface LocalStores {
    <V> ReadOnlyKeyValueStore<String, V> open(String name);
  }

  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String OCTETS = "application/octet-stream";
  private static final int ATTEMPTS = 3;

  /**
   * The instance holding the log's stores, asked when this one does not: its answer to the same
   * request on the internal path ({@code /v1/internal/log/...}), or empty when this instance is the
   * owner or none is known yet.
   */
  @FunctionalInterface
  public interface Owner {
    Optional<ApiResponse> ask(String internalPathAndQuery);

    Owner NONE = path -> Optional.empty();
  }

  /** The internal mirror of the log's paths, answered locally only (never forwarded again). */
  public static final String INTERNAL_PREFIX = "/v1/internal";

  private final LocalStores stores;
  private final Optional<Ed25519NoteSigner> signer;
  private final Owner owner;

  public LogApi(LocalStores stores, Optional<Ed25519NoteSigner> signer) {
    this(stores, signer, Owner.NONE);
  }

  public LogApi(LocalStores stores, Optional<Ed25519NoteSigner> signer, Owner owner) {
    this.stores = stores;
    this.signer = signer;
    this.owner = owner;
  }

  /**
   * The log key named by the origin, read from a PEM Ed25519 private key file.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static Ed25519NoteSigner signer(Path keyFile, String origin) {
    try {
      return new Ed25519NoteSigner(origin, Ed25519KeyPair.readPem(keyFile));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the log key " + keyFile + " (lineage.log.key): " + e.getMessage(), e);
    }
  }

  public void mount(ApiServer server) {
    route(server, "/log/checkpoint", request -> text(signedHead(view()).format()));
    route(server, "/log/tile/{path*}", this::tile);
    route(server, "/v1/log/proof", this::proof);
    route(server, "/v1/log/consistency", this::consistency);
  }

  private interface Handler {
    ApiResponse handle(ApiRequest request);
  }

  /**
   * The public path answers here, or, when this instance cannot (the log topic's partition, and
   * with it the stores, is elsewhere; or it is moving), asks the owner as queries do; the internal
   * path answers here only, so a forward is one hop.
   */
  private void route(ApiServer server, String path, Handler handler) {
    server.route(
        "GET",
        path,
        request -> {
          try {
            return here(handler, request);
          } catch (ApiException e) {
            if (e.status() != 503) {
              throw e;
            }
            return owner.ask(INTERNAL_PREFIX + pathAndQuery(request)).orElseThrow(() -> e);
          }
        });
    server.route("GET", INTERNAL_PREFIX + path, request -> here(handler, request));
  }

  /**
   * Answers from this instance's stores. A store handle is lazy: on an instance that does not hold
   * the log's partition (or while it moves) the first read throws, which is a 503 here.
   */
  private static ApiResponse here(Handler handler, ApiRequest request) {
    try {
      return handler.handle(request);
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the log's stores are not on this instance", 1);
    }
  }

  private static String pathAndQuery(ApiRequest request) {
    String path = request.path();
    if (path.startsWith(INTERNAL_PREFIX)) {
      path = path.substring(INTERNAL_PREFIX.length());
    }
    StringBuilder sb = new StringBuilder(path);
    char sep = '?';
    for (var e : request.query().entrySet()) {
      for (String v : e.getValue()) {
        sb.append(sep)
            .append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    return sb.toString();
  }

  private ApiResponse tile(ApiRequest request) {
    TileResource resource;
    try {
      resource = TileResource.parse("tile/" + request.pathParam("path"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("not a tlog-tiles path: " + e.getMessage());
    }
    byte[] data =
        view()
            .resource(resource)
            .orElseThrow(
                () -> ApiException.notFound(resource.path() + " is not part of the log yet"));
    Map<String, String> headers =
        resource.isPartial()
            ? Map.of("Cache-Control", "no-cache")
            : Map.of("Cache-Control", "public, max-age=31536000, immutable");
    return new ApiResponse(200, new RawBody(OCTETS, data), headers);
  }

  private ApiResponse proof(ApiRequest request) {
    String envelope = request.requiredQueryParam("envelope");
    if (!Digest.isValid(envelope)) {
      throw ApiException.badRequest(
          "envelope names an envelope by its digest, sha256:<64 lowercase hex>");
    }
    Long index = stores.<Long>open(LogStores.INDEX).get(envelope);
    if (index == null) {
      throw ApiException.notFound("the log holds no envelope " + envelope);
    }
    Optional<String> sizeParam = request.queryParam("size");
    for (int attempt = 1; ; attempt++) {
      LogView view = view();
      long size = view.head().size();
      if (sizeParam.isPresent()) {
        size = size(request, "size");
        if (size > view.head().size()) {
          throw ApiException.badRequest(
              "size (" + size + ") is beyond the log's size, " + view.head().size());
        }
        if (index >= size) {
          throw ApiException.notFound(
              envelope + " is leaf " + index + ", not in the tree of size " + size);
        }
      } else if (index >= size) {
        throw ApiException.unavailable(
            envelope + " is sequenced as leaf " + index + " and not yet in the tree", 1);
      }
      try {
        List<Hash> path = view.inclusionProof(index, size);
        return text(new TlogProof(index, path, signedCheckpoint(view, size)).format());
      } catch (MissingHashException e) {
        retryOrFail(attempt, e);
      }
    }
  }

  private ApiResponse consistency(ApiRequest request) {
    long from = size(request, "from");
    long to = size(request, "to");
    if (from > to) {
      throw ApiException.badRequest("from (" + from + ") must not be more than to (" + to + ")");
    }
    for (int attempt = 1; ; attempt++) {
      LogView view = view();
      if (to > view.head().size()) {
        throw ApiException.badRequest(
            "to (" + to + ") is beyond the log's size, " + view.head().size());
      }
      try {
        return text(new ConsistencyProof(from, to, view.consistencyProof(from, to)).format());
      } catch (MissingHashException e) {
        retryOrFail(attempt, e);
      }
    }
  }

  /**
   * A reader raced the integrator: it dropped a partial tile of the head just read. The next head
   * holds its wider successor.
   */
  private static void retryOrFail(int attempt, MissingHashException e) {
    if (attempt >= ATTEMPTS) {
      throw ApiException.unavailable("the log moved on while reading: " + e.getMessage(), 1);
    }
  }

  private SignedNote signedHead(LogView view) {
    return signedCheckpoint(view, view.head().size());
  }

  /**
   * The checkpoint of the tree of {@code size} leaves. Ed25519 is deterministic: for a size the log
   * had, it is byte for byte the checkpoint published then (and the one a witness cosigned).
   */
  private SignedNote signedCheckpoint(LogView view, long size) {
    Ed25519NoteSigner key =
        signer.orElseThrow(
            () ->
                ApiException.unavailable(
                    "no log key is configured (lineage.log.key): the log signs no checkpoints",
                    60));
    Hash root = size == view.head().size() ? view.root() : view.rootAt(size);
    return new Checkpoint(key.name(), size, root).sign(List.of(key));
  }

  private LogView view() {
    ReadOnlyKeyValueStore<String, LogHead> heads = stores.open(LogStores.HEAD);
    LogHead head = heads.get(LogStores.HEAD_KEY);
    ReadOnlyKeyValueStore<String, byte[]> tiles = stores.open(LogStores.TILES);
    return new LogView(tiles::get, head == null ? LogHead.EMPTY : head);
  }

  private static long size(ApiRequest request, String name) {
    String text = request.requiredQueryParam(name);
    if (!text.matches("0|[1-9][0-9]{0,17}")) {
      throw ApiException.badRequest(
          "query parameter '" + name + "' is a tree size, a decimal number, not " + text);
    }
    return Long.parseLong(text);
  }

  private static ApiResponse text(String body) {
    return new ApiResponse(200, new RawBody(TEXT, body.getBytes(StandardCharsets.UTF_8)), Map.of());
  }
}
