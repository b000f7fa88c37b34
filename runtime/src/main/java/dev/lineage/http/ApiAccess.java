package dev.lineage.http;

import dev.lineage.access.ApiToken;
import dev.lineage.api.ApiError;
import dev.lineage.api.client.LineageApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Who may call which route of an {@link ApiServer}, decided here for every route by its template:
 *
 * <ul>
 *   <li>{@code /v1/health}: anyone (orchestrators probe it);
 *   <li>{@code /api/...} and {@code /v1/record-lists/...}: the route itself, with credentials of
 *       its own (OpenLineage producers' bearer tokens on {@code POST /api/v1/lineage}; an
 *       orchestrator's signed fetch of a record list); its handler sees the Authorization header;
 *   <li>{@code /v1/internal/...}: other instances of the deployment only, proven by a {@link
 *       RequestMac} under the shared {@link ClusterSecret}; an instance without a secret answers no
 *       internal call at all;
 *   <li>every other route (the read API): anyone, unless an {@link ApiToken} is set; then the
 *       bearer token, or a member's MAC (impact-service asks lineage-streams with one, and so does
 *       an instance forwarding a reader's question to the owner of the answer).
 * </ul>
 *
 * <p>A refusal is a 401 {@link ApiException} with {@code WWW-Authenticate}, answered as JSON in the
 * same shape as every other failure. Messages say what is missing or wrong, never a secret.
 */
public final class ApiAccess {
  static final String HEALTH = "/v1/health";
  static final String INTERNAL = "/v1/internal/";

  /**
   * Routes that authenticate their own callers with credentials of their own ({@code POST
   * /api/v1/lineage}: a bearer token per OpenLineage producer), Marquez's path space.
   */
  public static final String OWN_AUTHENTICATION = "/api/";

  /**
   * The record lists of deletion requests (issue 14): personal data, so their route checks its
   * callers itself, whether or not the read API is open (a signature by a key the keyring grants
   * the role that retrains, {@code dev.lineage.vault.FetchCredential}).
   */
  public static final String RECORD_LISTS = "/v1/record-lists/";

  /** Who may call a route. */
  enum Audience {
    ANYONE,
    READERS,
    MEMBERS,
    /** The route checks the caller itself; the handler sees the Authorization header. */
    OWN
  }

  /** What remains to check once the body is read: the MAC covers it. */
  @FunctionalInterface
  interface BodyCheck {
    BodyCheck NONE = body -> {};

    void check(byte[] body);
  }

  private final Optional<RequestMac> mac;
  private final Optional<ApiToken> token;

  /**
   * @param mac checks calls from other instances (and signs this instance's); empty: no internal
   *     call is answered
   * @param token the bearer token the read API requires; empty: the read API is open
   */
  public ApiAccess(Optional<RequestMac> mac, Optional<ApiToken> token) {
    this.mac = mac;
    this.token = token;
  }

  /** No cluster secret and no token: the read API is open, internal endpoints refuse everyone. */
  public static ApiAccess open() {
    return new ApiAccess(Optional.empty(), Optional.empty());
  }

  public static ApiAccess of(Optional<ClusterSecret> secret, Optional<ApiToken> token) {
    return new ApiAccess(secret.map(RequestMac::new), token);
  }

  /**
   * What the apps on this server sign their calls to other instances with: the same secret their
   * own server checks the other instances' calls with.
   */
  public Optional<RequestMac> peerMac() {
    return mac;
  }

  /** Whether the read API requires a token. */
  public boolean requiresToken() {
    return token.isPresent();
  }

  static Audience audience(String template) {
    if (template.equals(HEALTH)) {
      return Audience.ANYONE;
    }
    if (template.startsWith(OWN_AUTHENTICATION) || template.startsWith(RECORD_LISTS)) {
      return Audience.OWN;
    }
    return template.startsWith(INTERNAL) ? Audience.MEMBERS : Audience.READERS;
  }

  /**
   * Checks what can be checked before the body is read (so an unauthenticated caller cannot make
   * this server buffer a large body) and returns what needs the body.
   *
   * @param template the route the request matched
   * @param target the raw path and query, as {@link RequestMac#target} gives them
   * @param authorization the {@code Authorization} header, or null
   * @throws ApiException 401 when the caller may not call this route
   */
  BodyCheck admit(String template, String method, String target, String authorization) {
    Audience audience = audience(template);
    if (audience == Audience.MEMBERS) {
      return member(method, target, authorization);
    }
    if (audience == Audience.ANYONE || audience == Audience.OWN || token.isEmpty()) {
      return BodyCheck.NONE;
    }
    if (ApiToken.isBearer(authorization)) {
      if (token.get().matches(authorization)) {
        return BodyCheck.NONE;
      }
      throw readerRefused("bad-token", "the bearer token is not this server's");
    }
    if (RequestMac.isScheme(authorization)) {
      return member(method, target, authorization);
    }
    throw readerRefused(
        "unauthorized",
        "this API requires Authorization: Bearer <token>, the token in the server's API token file"
            + " (clients: --api-token-file FILE or "
            + ApiToken.ENV
            + ")");
  }

  private BodyCheck member(String method, String target, String authorization) {
    if (mac.isEmpty()) {
      throw memberRefused(
          "unauthorized",
          "this instance has no cluster secret, so it answers no call from another instance: start"
              + " every instance with the same --cluster-secret-file (or "
              + ClusterSecret.ENV
              + ")");
    }
    if (!RequestMac.isScheme(authorization)) {
      throw memberRefused(
          "unauthorized",
          "only other instances of this deployment may call "
              + INTERNAL
              + "...: a "
              + RequestMac.SCHEME
              + " Authorization header is required");
    }
    RequestMac.Claim claim =
        RequestMac.parse(authorization)
            .orElseThrow(
                () ->
                    memberRefused(
                        "unauthorized",
                        "the Authorization header is not "
                            + RequestMac.SCHEME
                            + " t=<epoch milliseconds>,mac=<base64url HMAC-SHA256>"));
    RequestMac m = mac.get();
    if (!m.isFresh(claim)) {
      long seconds = m.age(claim).toSeconds();
      throw memberRefused(
          "stale-request",
          "the call was made "
              + Math.abs(seconds)
              + " s "
              + (seconds >= 0 ? "before" : "after")
              + " this instance's clock says; at most "
              + RequestMac.MAX_SKEW.toSeconds()
              + " s either way is accepted (are the instances' clocks synchronised?)");
    }
    return body -> {
      if (!m.matches(claim, method, target, body)) {
        throw memberRefused(
            "bad-mac",
            "the MAC does not match this call: the caller holds another cluster secret, or the"
                + " call was altered on the way");
      }
    };
  }

  private static ApiException memberRefused(String reason, String message) {
    return new ApiException(401, reason, message, Map.of("WWW-Authenticate", RequestMac.SCHEME));
  }

  private static ApiException readerRefused(String reason, String message) {
    return new ApiException(
        401, reason, message, Map.of("WWW-Authenticate", "Bearer realm=\"lineage\""));
  }

  /**
   * Why another instance refused this one's call, from its JSON answer, for this instance's own
   * message: {@code 401 bad-mac: the MAC does not match ...}.
   */
  public static String refusal(int status, byte[] body) {
    try {
      ApiError error =
          LineageApiClient.read(new String(body, StandardCharsets.UTF_8), ApiError.class);
      if (error.reason() != null) {
        return status
            + " "
            + error.reason()
            + ": "
            + (error.message() == null ? "" : error.message());
      }
    } catch (IOException e) {
      // not our JSON: the status alone says it
    }
    return Integer.toString(status);
  }
}
