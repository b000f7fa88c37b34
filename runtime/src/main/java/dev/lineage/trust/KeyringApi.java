package dev.lineage.trust;

import dev.lineage.api.KeyEvents;
import dev.lineage.http.ApiException;
import dev.lineage.http.ApiRequest;
import dev.lineage.http.ApiResponse;
import dev.lineage.http.ApiServer;
import dev.lineage.rules.EventRulebook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /v1/keys/{keyId}}: the grants and revocations of a key the keyring admitted (an admin
 * vouched for each when it was appended), with their append times, which decide when each took
 * effect, and the times their signers claimed. Whether a given event is trusted is decided per
 * event, at that event's append time, not here.
 */
public final class KeyringApi {
  private final Supplier<KeyLookup> keyring;

  public KeyringApi(Supplier<KeyLookup> keyring) {
    this.keyring = keyring;
  }

  public void mount(ApiServer server) {
    server.route("GET", "/v1/keys/{keyId}", this::key);
  }

  private ApiResponse key(ApiRequest request) {
    String keyId = request.pathParam("keyId");
    if (!EventRulebook.isKeyId(keyId)) {
      throw ApiException.badRequest("a key id is 64 lowercase hex (SHA-256 of the DER public key)");
    }
    KeyHistory history =
        keyring
            .get()
            .history(keyId)
            .orElseThrow(() -> ApiException.notFound("the keyring has no event for key " + keyId));
    List<KeyEvents.Event> events = new ArrayList<>();
    for (KeyEvent e : history.events()) {
      events.add(
          new KeyEvents.Event(
              e.kind().name(),
              time(e.appendedAt()),
              time(e.signedAt()),
              e.isGrant() ? e.roles() : null,
              e.isGrant() ? time(e.validFrom()) : null,
              e.isGrant() && e.validUntil() != null ? time(e.validUntil()) : null,
              e.isGrant() ? null : time(e.revokedFrom()),
              e.digest()));
    }
    return ApiResponse.ok(new KeyEvents(keyId, events));
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
