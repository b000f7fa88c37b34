package dev.lineage.vault;

import dev.lineage.signing.Signer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an orchestrator proves who asks for a request's record list ({@code GET
 * /v1/record-lists/{request}}, issue 14): a DSSE signature, by a key of its own, over a statement
 * naming the request and the time of the call, sent as
 *
 * <pre>{@code Authorization: Lineage-Signed keyid=<64 hex>,t=<epoch milliseconds>,sig=<base64url>}
 * </pre>
 *
 * The signature is over {@code PAE(}{@value #PAYLOAD_TYPE}{@code , "lineage-record-list-fetch-v1"
 * LF <request id> LF <t>)}, so the server checks it as it checks any event: the keyring decides
 * whether the key held the required role at the server's time (revoked or expired keys are
 * refused), and a time more than {@link #MAX_SKEW_MILLIS} away from the server's clock is refused,
 * so a recorded header opens the same list only for that long. The list travels in the answer's
 * body: TLS (or the deployment's private network) keeps it from being read on the way.
 */
public final class FetchCredential {
  public static final String SCHEME = "Lineage-Signed";
  public static final String PAYLOAD_TYPE = "application/vnd.lineage.record-list-fetch+text";
  public static final long MAX_SKEW_MILLIS = 60_000;

  private static final Pattern HEADER =
      Pattern.compile(
          SCHEME
              + "\\s+keyid=([0-9a-f]{64})\\s*,\\s*t=([0-9]{1,15})\\s*,\\s*sig=([A-Za-z0-9_-]{1,400})\\s*");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  /** What a received header claims. */
  public record Claim(String keyId, long time, byte[] signature) {}

  private FetchCredential() {}

  /** The statement signed for a fetch of {@code requestId}'s list at {@code time}. */
  public static byte[] payload(String requestId, long time) {
    return ("lineage-record-list-fetch-v1\n" + requestId + "\n" + time)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code Authorization} header of a fetch of {@code requestId}'s list at {@code time}. */
  public static String authorization(Signer signer, String requestId, long time) {
    byte[] sig = signer.sign(PAYLOAD_TYPE, payload(requestId, time)).sig();
    return SCHEME
        + " keyid="
        + signer.keyId()
        + ",t="
        + time
        + ",sig="
        + BASE64URL.encodeToString(sig);
  }

  /** Whether the header is of this scheme (well-formed or not). */
  public static boolean isScheme(String authorization) {
    return authorization != null
        && authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1);
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
    try {
      return Optional.of(
          new Claim(
              m.group(1), Long.parseLong(m.group(2)), Base64.getUrlDecoder().decode(m.group(3))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
