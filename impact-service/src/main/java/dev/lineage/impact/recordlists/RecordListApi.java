package dev.lineage.impact.recordlists;

import dev.lineage.api.RecordListContent;
import dev.lineage.avro.Envelope;
import dev.lineage.avro.Role;
import dev.lineage.avro.Signature;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.schemas.Reason;
import dev.lineage.trust.Decision;
import dev.lineage.trust.Keyring;
import dev.lineage.trust.KeyringEntry;
import dev.lineage.trust.KeyringStore;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.FetchCredential;
import dev.lineage.vault.RecordListErasedException;
import dev.lineage.vault.RecordListVault;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/record-lists/{request}} (issue 14): the record list of a deletion request, for the
 * orchestrator that retrains without those records, while the list is kept; after that the answer
 * is a 410 saying when it was erased.
 *
 * <p>The caller signs the call ({@link FetchCredential}) with a key the keyring grants {@code
 * PRODUCER} now, the role whose signature a retraining's completion needs: 401 without a valid
 * signature by a known key (or with a time more than a minute off), 403 {@code wrong-role} when the
 * key is known but does not hold the role (or no longer does). Authentication comes first, so who
 * may not read a list cannot learn whether it exists. Then 404 {@code unknown-record-list} when the
 * vault never held a list for the request, 410 {@code record-list-erased} once it was destroyed.
 * Each read is logged with the request id and the reader's key id, never the list.
 */
public final class RecordListApi {
  private static final Logger log = LoggerFactory.getLogger(RecordListApi.class);

  /** The role a reader's key must hold: the one that signs a retraining's completion. */
  public static final Role READER_ROLE = Role.PRODUCER;

  private final Supplier<KafkaStreams> streams;
  private final TrustAnchors roots;
  private final Optional<RecordListVault> vault;
  private final Clock clock;

  public RecordListApi(
      Supplier<KafkaStreams> streams, TrustAnchors roots, Optional<Path> vault, Clock clock) {
    this.streams = streams;
    this.roots = roots;
    this.vault = vault.map(dir -> RecordListVault.at(dir, clock));
    this.clock = clock;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/record-lists/{request}", this::recordList);
  }

  ApiResponse recordList(ApiRequest request) {
    String id = request.pathParam("request");
    if (id.isEmpty() || id.length() > 256 || id.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("a request id is 1 to 256 characters without control ones");
    }
    String reader = authenticate(id, request.authorization());
    if (vault.isEmpty()) {
      throw new ApiException(
          404,
          "unknown-record-list",
          "this impact service keeps no record lists (impact.vault is not set)");
    }
    RecordListVault v = vault.get();
    try {
      RecordListVault.Entry entry =
          v.find(id)
              .orElseThrow(
                  () ->
                      new ApiException(
                          404,
                          "unknown-record-list",
                          "no record list is kept for request " + id + " (or ever was)"));
      if (entry.state() == RecordListVault.State.ERASED) {
        throw erased(id, entry);
      }
      byte[] salted = v.read(id);
      log.info("request {}: its record list was read by key {}", id, reader);
      return ApiResponse.ok(
          new RecordListContent(
              id,
              entry.digest().toString(),
              entry.count(),
              new String(salted, StandardCharsets.UTF_8)));
    } catch (RecordListErasedException e) {
      throw new ApiException(410, "record-list-erased", e.getMessage());
    } catch (IOException e) {
      log.warn("request {}: its record list cannot be read: {}", id, e.toString());
      throw new ApiException(
          500, "record-list-unreadable", "the record list of request " + id + " cannot be read");
    }
  }

  private static ApiException erased(String id, RecordListVault.Entry entry) {
    return new ApiException(
        410,
        "record-list-erased",
        "the record list of request "
            + id
            + " ("
            + entry.digest()
            + ") was erased at "
            + entry.erasedAt()
            + ": its key is destroyed and no copy can be read");
  }

  /** The reader's key id, or a 401/403. */
  private String authenticate(String id, String authorization) {
    if (!FetchCredential.isScheme(authorization)) {
      throw refused(
          401,
          "unauthorized",
          "a record list is personal data: sign the call with a key holding "
              + READER_ROLE
              + " (Authorization: "
              + FetchCredential.SCHEME
              + " keyid=...,t=...,sig=...; lineage orchestrate does)");
    }
    FetchCredential.Claim claim =
        FetchCredential.parse(authorization)
            .orElseThrow(
                () ->
                    refused(
                        401,
                        Reason.MALFORMED.wire(),
                        "the Authorization header is not "
                            + FetchCredential.SCHEME
                            + " keyid=<64 hex>,t=<epoch ms>,sig=<base64url>"));
    long now = clock.millis();
    if (Math.abs(now - claim.time()) > FetchCredential.MAX_SKEW_MILLIS) {
      throw refused(
          401,
          "stale-request",
          "the call was signed "
              + (now - claim.time()) / 1000
              + " s from this service's clock; at most "
              + FetchCredential.MAX_SKEW_MILLIS / 1000
              + " s either way is accepted");
    }
    Envelope envelope =
        Envelope.newBuilder()
            .setPayloadType(FetchCredential.PAYLOAD_TYPE)
            .setPayload(ByteBuffer.wrap(FetchCredential.payload(id, claim.time())))
            .setSignatures(
                List.of(
                    Signature.newBuilder()
                        .setKeyid(claim.keyId())
                        .setSig(ByteBuffer.wrap(claim.signature()))
                        .build()))
            .build();
    Decision decision =
        new Keyring(roots, new KeyringStore(keyring()))
            .authorize(envelope, READER_ROLE, now, Keyring.EVERYTHING_KNOWN);
    if (decision instanceof Decision.Rejected r) {
      if (r.reason() == Reason.WRONG_ROLE) {
        log.warn(
            "request {}: key {} asked for its record list without the role", id, claim.keyId());
        throw new ApiException(
            403,
            Reason.WRONG_ROLE.wire(),
            "key " + claim.keyId() + " does not hold " + READER_ROLE + " now: " + r.detail());
      }
      throw refused(401, r.reason().wire(), r.detail());
    }
    return ((Decision.Accepted) decision).keyId();
  }

  private ReadOnlyKeyValueStore<String, KeyringEntry> keyring() {
    KafkaStreams s = streams.get();
    if (s == null || s.state() != KafkaStreams.State.RUNNING) {
      throw ApiException.unavailable(
          "impact-service is " + (s == null ? "starting" : s.state()) + "; try again shortly", 1);
    }
    try {
      return s.store(
          StoreQueryParameters.fromNameAndType(
              KeyringStore.STORE, QueryableStoreTypes.<String, KeyringEntry>keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw ApiException.unavailable("the keyring is not readable yet", 1);
    }
  }

  private static ApiException refused(int status, String reason, String message) {
    return new ApiException(
        status, reason, message, Map.of("WWW-Authenticate", FetchCredential.SCHEME));
  }
}
