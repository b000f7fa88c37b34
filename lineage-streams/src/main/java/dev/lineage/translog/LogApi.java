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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The transparency log over HTTP, served by the instance that holds the log topic's one partition
 * (its stores are local there; elsewhere the stores are not, and the answer is 503 with {@code
 * Retry-After}, as for any store during a rebalance):
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
 *   <li>{@code GET /v1/log/proof?envelope=sha256:...}: a C2SP tlog-proof (index, inclusion proof,
 *       the signed checkpoint it is against), {@code text/plain}; 404 for an envelope the log does
 *       not hold, 503 while it is sequenced but not integrated yet.
 *   <li>{@code GET /v1/log/consistency?from=N&to=M}: the consistency proof between two tree sizes
 *       ({@link ConsistencyProof} text), {@code text/plain}.
 * </ul>
 *
 * <p>These are spec formats, not JSON: any tlog-tiles client or tlog-proof verifier reads them.
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

  private final LocalStores stores;
  private final Optional<Ed25519NoteSigner> signer;

  public LogApi(LocalStores stores, Optional<Ed25519NoteSigner> signer) {
    this.stores = stores;
    this.signer = signer;
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
    server.route("GET", "/log/checkpoint", request -> text(signedHead(view()).format()));
    server.route("GET", "/log/tile/{path*}", this::tile);
    server.route("GET", "/v1/log/proof", this::proof);
    server.route("GET", "/v1/log/consistency", this::consistency);
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
    for (int attempt = 1; ; attempt++) {
      LogView view = view();
      if (index >= view.head().size()) {
        throw ApiException.unavailable(
            envelope + " is sequenced as leaf " + index + " and not yet in the tree", 1);
      }
      try {
        List<Hash> path = view.inclusionProof(index, view.head().size());
        return text(new TlogProof(index, path, signedHead(view)).format());
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
    Ed25519NoteSigner key =
        signer.orElseThrow(
            () ->
                ApiException.unavailable(
                    "no log key is configured (lineage.log.key): the log signs no checkpoints",
                    60));
    return new Checkpoint(key.name(), view.head().size(), view.root()).sign(List.of(key));
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
