package dev.lineage.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The MAC between instances: what it covers, what it refuses, and how the header is read. */
class RequestMacTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final byte[] BODY = "{\"ids\":[\"source:a\"]}".getBytes(StandardCharsets.UTF_8);
  private static final String TARGET = "/v1/internal/graph/nodes?position=t-0%3A5";

  private final AtomicLong clock = new AtomicLong(NOW);
  private final RequestMac mac = new RequestMac(secret(1), clock::get);

  private static ClusterSecret secret(int fill) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) fill);
    return ClusterSecret.of(bytes);
  }

  private RequestMac.Claim claim(String header) {
    return RequestMac.parse(header).orElseThrow();
  }

  @Test
  void aSignedCallIsAcceptedAsItWasSent() {
    String header = mac.authorization("POST", TARGET, BODY);

    assertThat(header).matches("Lineage-HMAC t=" + NOW + ",mac=[A-Za-z0-9_-]{43}");
    RequestMac.Claim claim = claim(header);
    assertThat(mac.isFresh(claim)).isTrue();
    assertThat(mac.matches(claim, "POST", TARGET, BODY)).isTrue();
  }

  @Test
  void aTamperedBodyPathQueryOrMethodDoesNotMatch() {
    RequestMac.Claim claim = claim(mac.authorization("POST", TARGET, BODY));
    byte[] otherBody = BODY.clone();
    otherBody[otherBody.length - 3] ^= 1;

    assertThat(mac.matches(claim, "POST", TARGET, otherBody)).as("body").isFalse();
    assertThat(mac.matches(claim, "POST", TARGET, new byte[0])).as("no body").isFalse();
    assertThat(mac.matches(claim, "POST", "/v1/internal/graph/neighbors?position=t-0%3A5", BODY))
        .as("path")
        .isFalse();
    assertThat(mac.matches(claim, "POST", "/v1/internal/graph/nodes?position=t-0%3A6", BODY))
        .as("query")
        .isFalse();
    assertThat(mac.matches(claim, "POST", "/v1/internal/graph/nodes", BODY))
        .as("query dropped")
        .isFalse();
    assertThat(mac.matches(claim, "GET", TARGET, BODY)).as("method").isFalse();
  }

  @Test
  void aChangedTimeOrAnotherSecretDoesNotMatch() {
    String header = mac.authorization("GET", TARGET, new byte[0]);
    RequestMac.Claim claim = claim(header);
    RequestMac.Claim moved = new RequestMac.Claim(claim.time() + 1, claim.mac());

    assertThat(mac.matches(moved, "GET", TARGET, new byte[0])).as("time").isFalse();
    assertThat(new RequestMac(secret(2), clock::get).matches(claim, "GET", TARGET, new byte[0]))
        .as("another secret")
        .isFalse();
    assertThat(new RequestMac(secret(1), clock::get).matches(claim, "GET", TARGET, new byte[0]))
        .as("the same secret, read again")
        .isTrue();
  }

  @Test
  void aCallOlderOrNewerThanSixtySecondsIsStale() {
    RequestMac.Claim claim = claim(mac.authorization("GET", TARGET, new byte[0]));

    clock.set(NOW + 60_000);
    assertThat(mac.isFresh(claim)).isTrue();
    clock.set(NOW + 60_001);
    assertThat(mac.isFresh(claim)).isFalse();
    assertThat(mac.age(claim).toMillis()).isEqualTo(60_001);
    clock.set(NOW - 60_001);
    assertThat(mac.isFresh(claim)).as("from the future").isFalse();
  }

  @Test
  void onlyAWellFormedHeaderOfThisSchemeIsRead() {
    String mac43 = "A".repeat(43);
    assertThat(RequestMac.parse("Lineage-HMAC t=5,mac=" + mac43)).isPresent();
    assertThat(RequestMac.parse("lineage-hmac t=5, mac=" + mac43)).isPresent();
    assertThat(RequestMac.parse("Lineage-HMAC t=5,mac=" + "A".repeat(42))).isEmpty();
    assertThat(RequestMac.parse("Lineage-HMAC t=-5,mac=" + mac43)).isEmpty();
    assertThat(RequestMac.parse("Lineage-HMAC t=5,mac=" + "+".repeat(43))).isEmpty();
    assertThat(RequestMac.parse("Lineage-HMAC mac=" + mac43 + ",t=5")).isEmpty();
    assertThat(RequestMac.parse("Bearer abc")).isEmpty();
    assertThat(RequestMac.parse(null)).isEmpty();
    assertThat(RequestMac.isScheme("LINEAGE-HMAC anything")).isTrue();
    assertThat(RequestMac.isScheme("Bearer x")).isFalse();
  }

  @Test
  void theTargetIsTheRawPathAndQuery() {
    assertThat(RequestMac.target(URI.create("http://h:1/v1/nodes/a%2Fb?x=1&y=%20")))
        .isEqualTo("/v1/nodes/a%2Fb?x=1&y=%20");
    assertThat(RequestMac.target(URI.create("http://h:1/v1/health"))).isEqualTo("/v1/health");
  }
}
