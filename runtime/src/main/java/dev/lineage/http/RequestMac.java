package dev.lineage.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proof that a call between instances comes from a member of the deployment: an HMAC-SHA256, keyed
 * by the {@link ClusterSecret}, over the method, the path with its query, the time of the call and
 * the SHA-256 of the body, sent as
 *
 * <pre>{@code Authorization: Lineage-HMAC t=<epoch milliseconds>,mac=<base64url, no padding>}</pre>
 *
 * <p>The MAC is over
 *
 * <pre>
 * {@code lineage-hmac-v1 LF <METHOD> LF <raw path>[?<raw query>] LF <t> LF <hex SHA-256 of body>}
 * </pre>
 *
 * so a MAC taken from one call proves nothing for another method, path, query or body. A receiver
 * accepts a time within {@link #MAX_SKEW} of its own clock: a recorded call can be replayed only
 * for that long (and only as the same read). The MAC authenticates; it does not encrypt: the
 * instances' network (or a TLS proxy in front of them) keeps answers from being read on the way.
 */
public final class RequestMac {
  public static final String SCHEME = "Lineage-HMAC";

  /** How far a call's time may lie from the receiver's clock, either way. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(60);

  private static final Pattern HEADER =
      Pattern.compile(
          SCHEME + "\\s+t=([0-9]{1,15})\\s*,\\s*mac=([A-Za-z0-9_-]{43})\\s*",
          Pattern.CASE_INSENSITIVE);
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** What a received header claims: the time of the call and its MAC. */
  public record Claim(long time, byte[] mac) {}

  private final ClusterSecret secret;
  private final LongSupplier clock;

  public RequestMac(ClusterSecret secret) {
    this(secret, System::currentTimeMillis);
  }

  /**
   * @param clock epoch milliseconds, for both the calls made and the checks of calls received
   */
  public RequestMac(ClusterSecret secret, LongSupplier clock) {
    this.secret = secret;
    this.clock = clock;
  }

  /** {@code request} with the {@code Authorization} header of a call made now. */
  public HttpRequest.Builder sign(
      HttpRequest.Builder request, String method, URI uri, byte[] body) {
    return request.header("Authorization", authorization(method, target(uri), body));
  }

  /** The {@code Authorization} header value of a call made now. */
  public String authorization(String method, String target, byte[] body) {
    long t = clock.getAsLong();
    return SCHEME + " t=" + t + ",mac=" + BASE64URL.encodeToString(mac(method, target, t, body));
  }

  /** The header's claim, or empty when it is not a well-formed {@value #SCHEME} header. */
  public static Optional<Claim> parse(String authorization) {
    if (authorization == null) {
      return Optional.empty();
    }
    Matcher m = HEADER.matcher(authorization);
    if (!m.matches()) {
      return Optional.empty();
    }
    byte[] mac;
    try {
      mac = Base64.getUrlDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(new Claim(Long.parseLong(m.group(1)), mac));
  }

  /** Whether a header names this scheme at all, well-formed or not. */
  public static boolean isScheme(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1);
  }

  /** How far the claimed time lies from this clock (positive: the claim is older). */
  public Duration age(Claim claim) {
    return Duration.ofMillis(clock.getAsLong() - claim.time());
  }

  /** Whether the claimed time is within {@link #MAX_SKEW} of this clock. */
  public boolean isFresh(Claim claim) {
    return age(claim).abs().compareTo(MAX_SKEW) <= 0;
  }

  /**
   * Whether the claim's MAC is the one this secret gives for this call, compared in constant time.
   * Freshness is {@link #isFresh}'s business.
   */
  public boolean matches(Claim claim, String method, String target, byte[] body) {
    return MessageDigest.isEqual(mac(method, target, claim.time(), body), claim.mac());
  }

  /** The request target a MAC covers: the raw path, and {@code ?} and the raw query if any. */
  public static String target(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private byte[] mac(String method, String target, long time, byte[] body) {
    String text =
        "lineage-hmac-v1\n"
            + method
            + "\n"
            + target
            + "\n"
            + time
            + "\n"
            + HexFormat.of().formatHex(sha256(body));
    return secret.mac(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
