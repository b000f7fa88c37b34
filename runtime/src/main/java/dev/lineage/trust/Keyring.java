package dev.lineage.trust;

import dev.lineage.avro.Envelope;
import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.avro.Signature;
import dev.lineage.rules.EventRulebook;
import dev.lineage.rules.Strictness;
import dev.lineage.rules.Violation;
import dev.lineage.schemas.DecodingException;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.schemas.Reason;
import dev.lineage.signing.AvroEnvelopes;
import dev.lineage.signing.KeyFormatException;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Pae;
import dev.lineage.signing.Verifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Decides whether a key vouches for an envelope: a valid signature by a key that held the required
 * role when the envelope was appended to its topic. The broker's append time decides, never the
 * signer's own {@code signedAt} (a claim the signer controls):
 *
 * <ul>
 *   <li>a grant takes effect at its own append time ({@code validFrom} may narrow its window, never
 *       reach earlier), and counts only when a key holding {@code ADMIN} at that append time signed
 *       it (roots always do);
 *   <li>a revocation voids its key for every event appended after the revocation was appended,
 *       whatever that event claims; {@code revokedFrom} may reach further back (a known compromise
 *       time), never forward;
 *   <li>a decision about an event appended at {@code t} sees only the key events appended at or
 *       before {@code t}, so a rebuild from the logs decides exactly as the live run did, and a
 *       grant or revocation published later never changes what was accepted.
 * </ul>
 *
 * <p>A signature's {@code keyid} selects the one key it is checked against: no key is tried that
 * the signature does not name, so junk grants cost nothing when other events are checked. Not
 * thread-safe: one instance per stream task.
 */
public final class Keyring {
  private static final int MAX_CACHED = 10_000;

  /** Every key event known: for a reader that judges with everything published so far. */
  public static final long EVERYTHING_KNOWN = Long.MAX_VALUE;

  private final TrustAnchors roots;
  private final KeyLookup lookup;
  // A key id is the hash of its public key, so an id maps to one key forever: safe to cache.
  private final Map<String, PublicKey> publicKeys = new HashMap<>();
  // A signature that verified once verifies forever (same bytes, same key): positive results only.
  private final Map<String, String> verifiedSignatures =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAX_CACHED;
        }
      };

  public Keyring(TrustAnchors roots, KeyLookup lookup) {
    this.roots = roots;
    this.lookup = lookup;
  }

  /**
   * Whether {@code envelope}, appended at {@code appendedAt} (the broker's time), is signed by a
   * key holding {@code role} then, judged with the key events appended up to that time.
   */
  public Decision authorize(Envelope envelope, Role role, long appendedAt) {
    return authorize(envelope, role, appendedAt, appendedAt);
  }

  /**
   * As {@link #authorize(Envelope, Role, long)}, judged with the key events appended up to {@code
   * knownUntil} ({@link #EVERYTHING_KNOWN} for a reader that re-checks a stored decision today: a
   * revocation published since, reaching back before {@code appendedAt}, then voids it).
   */
  public Decision authorize(Envelope envelope, Role role, long appendedAt, long knownUntil) {
    List<KeyEvent.Sig> sigs = new ArrayList<>();
    for (Signature s : envelope.getSignatures()) {
      sigs.add(new KeyEvent.Sig(s.getKeyid(), bytes(s.getSig())));
    }
    return authorize(
        null,
        envelope.getPayloadType(),
        EnvelopeCodec.payload(envelope),
        sigs,
        role,
        appendedAt,
        knownUntil);
  }

  /**
   * Whether {@code keyId} holds {@code role} at {@code time} by the key events known so far: a
   * trusted grant covers that time and no trusted revocation voids it. What a service checks before
   * it grants its own key again.
   */
  public boolean holds(String keyId, Role role, long time) {
    return standing(keyId, role, time, EVERYTHING_KNOWN, new HashSet<>()) == Standing.HOLDS;
  }

  /**
   * Whether a grant or revocation is backed by a key holding {@code ADMIN} when it was appended.
   */
  public Decision authorize(KeyEvent event) {
    return authorize(
        event.digest(),
        event.payloadType(),
        event.payload(),
        event.signatures(),
        Role.ADMIN,
        event.appendedAt(),
        event.appendedAt());
  }

  private Decision authorize(
      String digest,
      String payloadType,
      byte[] payload,
      List<KeyEvent.Sig> sigs,
      Role role,
      long time,
      long knownUntil) {
    if (sigs.isEmpty()) {
      return new Decision.Rejected(Reason.UNSIGNED, "the envelope has no signature");
    }
    Set<String> signers = signers(digest, payloadType, payload, sigs);
    if (signers.isEmpty()) {
      boolean namesKnownKey = sigs.stream().anyMatch(s -> publicKey(s.keyid()).isPresent());
      return namesKnownKey
          ? new Decision.Rejected(
              Reason.BAD_SIGNATURE,
              "a signature names a known key but does not verify: payload, type or signature"
                  + " altered")
          : new Decision.Rejected(
              Reason.UNKNOWN_KEY, "no signature's keyid names a key the keyring holds");
    }
    Standing worst = null;
    String worstKey = null;
    for (String signer : signers) {
      Standing s = standing(signer, role, time, knownUntil, new HashSet<>());
      if (s == Standing.HOLDS) {
        return new Decision.Accepted(signer);
      }
      if (worst == null || s.ordinal() < worst.ordinal()) {
        worst = s;
        worstKey = signer;
      }
    }
    return new Decision.Rejected(worst.reason, worst.detail(worstKey, role, time));
  }

  /** Most telling first: a rejection names the first that applies among the valid signers. */
  private enum Standing {
    REVOKED(Reason.REVOKED_KEY),
    EXPIRED(Reason.EXPIRED_KEY),
    WRONG_ROLE(Reason.WRONG_ROLE),
    UNTRUSTED(Reason.UNKNOWN_KEY),
    HOLDS(null);

    final Reason reason;

    Standing(Reason reason) {
      this.reason = reason;
    }

    String detail(String keyId, Role role, long time) {
      String key = "key " + keyId.substring(0, 16);
      String at = " at append time " + Instant.ofEpochMilli(time);
      return switch (this) {
        case REVOKED -> key + " was revoked" + at;
        case EXPIRED -> key + " held " + role + ", but not" + at;
        case WRONG_ROLE -> key + " did not hold " + role + at;
        case UNTRUSTED -> key + " has no grant backed by a trusted admin";
        case HOLDS -> key + " holds " + role;
      };
    }
  }

  /**
   * Where {@code keyId} stands for {@code role} at {@code time}, seeing the key events appended up
   * to {@code knownUntil}. {@code path} holds the grants and revocations being checked further up,
   * so a cycle of keys granting each other ends as untrusted instead of looping.
   */
  private Standing standing(String keyId, Role role, long time, long knownUntil, Set<String> path) {
    if (role == Role.ADMIN && roots.contains(keyId)) {
      return Standing.HOLDS;
    }
    Optional<KeyHistory> history = lookup.history(keyId);
    if (history.isEmpty()) {
      return roots.contains(keyId) ? Standing.WRONG_ROLE : Standing.UNTRUSTED;
    }
    List<KeyEvent> trustedGrants = new ArrayList<>();
    for (KeyEvent e : history.get().events()) {
      if (e.appendedAt() > knownUntil) {
        continue;
      }
      if (e.kind() == KeyEvent.Kind.REVOKE) {
        if (e.voidsFrom() <= time && backedByAdmin(e, knownUntil, path)) {
          return Standing.REVOKED;
        }
      } else if (backedByAdmin(e, knownUntil, path)) {
        trustedGrants.add(e);
      }
    }
    if (trustedGrants.isEmpty()) {
      return roots.contains(keyId) ? Standing.WRONG_ROLE : Standing.UNTRUSTED;
    }
    boolean hadRole = false;
    for (KeyEvent grant : trustedGrants) {
      if (grant.roles().contains(role.name())) {
        if (grant.covers(time)) {
          return Standing.HOLDS;
        }
        hadRole = true;
      }
    }
    return hadRole ? Standing.EXPIRED : Standing.WRONG_ROLE;
  }

  private boolean backedByAdmin(KeyEvent event, long knownUntil, Set<String> path) {
    if (!path.add(event.digest())) {
      return false;
    }
    try {
      for (String signer :
          signers(event.digest(), event.payloadType(), event.payload(), event.signatures())) {
        if (standing(signer, Role.ADMIN, event.appendedAt(), knownUntil, path) == Standing.HOLDS) {
          return true;
        }
      }
      return false;
    } finally {
      path.remove(event.digest());
    }
  }

  /** The ids of the keys whose signature on the payload verifies, each checked by its keyid. */
  private Set<String> signers(
      String digest, String payloadType, byte[] payload, List<KeyEvent.Sig> sigs) {
    Set<String> found = new LinkedHashSet<>();
    byte[] pae = null;
    for (int i = 0; i < sigs.size(); i++) {
      KeyEvent.Sig sig = sigs.get(i);
      if (found.contains(sig.keyid())) {
        continue;
      }
      String cacheKey = digest == null ? null : digest + "#" + i;
      String cached = cacheKey == null ? null : verifiedSignatures.get(cacheKey);
      if (cached != null) {
        found.add(cached);
        continue;
      }
      Optional<PublicKey> key = publicKey(sig.keyid());
      if (key.isEmpty()) {
        continue;
      }
      if (pae == null) {
        pae = Pae.encode(payloadType, payload);
      }
      if (Verifier.verifySignature(key.get(), pae, sig.sig())) {
        found.add(sig.keyid());
        if (cacheKey != null) {
          verifiedSignatures.put(cacheKey, sig.keyid());
        }
      }
    }
    return found;
  }

  private Optional<PublicKey> publicKey(String keyId) {
    if (keyId == null || keyId.isEmpty()) {
      return Optional.empty();
    }
    Optional<PublicKey> root = roots.publicKey(keyId);
    if (root.isPresent()) {
      return root;
    }
    PublicKey cached = publicKeys.get(keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (!EventRulebook.isKeyId(keyId)) {
      return Optional.empty();
    }
    Optional<String> pem = lookup.history(keyId).flatMap(KeyHistory::publicKeyPem);
    if (pem.isEmpty()) {
      return Optional.empty();
    }
    try {
      PublicKey key = KeyPairs.parsePublicKey(pem.get(), "key " + keyId);
      if (publicKeys.size() >= MAX_CACHED) {
        publicKeys.clear();
      }
      publicKeys.put(keyId, key);
      return Optional.of(key);
    } catch (IOException | KeyFormatException e) {
      // checked when the grant was read; a stored PEM that no longer parses verifies nothing
      return Optional.empty();
    }
  }

  /**
   * Reads one record value of {@code lineage.keys}, appended at {@code appendedAt}: a decodable,
   * well-formed grant or revocation whose key id is the hash of its public key, or the reason it is
   * not. Whether an admin vouches for it is {@link #authorize(KeyEvent)}'s question.
   */
  public static KeyEventRead read(byte[] recordValue, long appendedAt) {
    if (recordValue == null) {
      return KeyEventRead.rejected(
          Reason.TOMBSTONE,
          "a record without a value erases nothing: grants and revocations stand for ever");
    }
    Envelope envelope;
    SpecificRecordBase event;
    try {
      envelope = EnvelopeCodec.standard().decode(recordValue);
      String type = envelope.getPayloadType();
      if (type.equals(EventType.KEY_GRANTED.payloadType())) {
        event = EventType.KEY_GRANTED.decode(envelope);
      } else if (type.equals(EventType.KEY_REVOKED.payloadType())) {
        event = EventType.KEY_REVOKED.decode(envelope);
      } else {
        return KeyEventRead.rejected(
            Reason.TYPE_MISMATCH, "lineage.keys holds key grants and revocations only");
      }
    } catch (DecodingException e) {
      return KeyEventRead.rejected(e.reason(), e.getMessage());
    }
    String digest = AvroEnvelopes.digest(recordValue).toString();
    byte[] payload = EnvelopeCodec.payload(envelope);
    List<KeyEvent.Sig> sigs = new ArrayList<>();
    for (Signature s : envelope.getSignatures()) {
      sigs.add(new KeyEvent.Sig(s.getKeyid(), bytes(s.getSig())));
    }
    Optional<Violation> invalid = EventRulebook.firstViolation(event, Strictness.ACCEPT);
    if (invalid.isPresent()) {
      return KeyEventRead.rejected(invalid.get().code(), invalid.get().detail());
    }
    if (event instanceof KeyGranted g) {
      List<String> roles = g.getRoles().stream().map(Role::name).toList();
      Long until = g.getValidUntil() == null ? null : g.getValidUntil().toEpochMilli();
      return KeyEventRead.of(
          g.getKeyId(),
          new KeyEvent(
              digest,
              KeyEvent.Kind.GRANT,
              envelope.getPayloadType(),
              payload,
              sigs,
              g.getSignedAt().toEpochMilli(),
              appendedAt,
              g.getPublicKeyPem(),
              roles,
              g.getValidFrom().toEpochMilli(),
              until,
              null));
    }
    KeyRevoked r = (KeyRevoked) event;
    return KeyEventRead.of(
        r.getKeyId(),
        new KeyEvent(
            digest,
            KeyEvent.Kind.REVOKE,
            envelope.getPayloadType(),
            payload,
            sigs,
            r.getSignedAt().toEpochMilli(),
            appendedAt,
            null,
            null,
            null,
            null,
            r.getRevokedFrom().toEpochMilli()));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return bytes;
  }

  /**
   * A read key event: the key it is about and the event, or why it cannot be used.
   *
   * @param subjectKeyId the granted or revoked key's id
   * @param event the event, null when rejected
   * @param rejection null when read
   */
  public record KeyEventRead(String subjectKeyId, KeyEvent event, Decision.Rejected rejection) {
    static KeyEventRead of(String subject, KeyEvent event) {
      return new KeyEventRead(subject, event, null);
    }

    static KeyEventRead rejected(Reason reason, String detail) {
      return new KeyEventRead(null, null, new Decision.Rejected(reason, detail));
    }
  }
}
