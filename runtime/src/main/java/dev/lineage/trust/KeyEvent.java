package dev.lineage.trust;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One grant or revocation as read from {@code lineage.keys}, kept with the exact signed bytes so
 * its signatures are checked again whenever a decision depends on it: the keyring store holds facts
 * as they were published, and trust is decided on read.
 *
 * @param digest sha256 of the record value: the event's identity (the same envelope twice is one
 *     event)
 * @param kind grant or revocation
 * @param payloadType the DSSE payload type that was signed
 * @param payload the signed payload bytes
 * @param signatures the envelope's signatures
 * @param signedAt when it claims to have been signed (covered by the signature): a claim, checked
 *     only against {@code appendedAt} within the allowed skew
 * @param appendedAt when the broker appended it to {@code lineage.keys} (the record's {@code
 *     LogAppendTime}): the time that decides when it takes effect
 * @param publicKeyPem the granted key (grants only)
 * @param roles the granted roles' names (grants only)
 * @param validFrom grants only
 * @param validUntil grants only; null means no end
 * @param revokedFrom revocations only
 */
public record KeyEvent(
    String digest,
    Kind kind,
    String payloadType,
    byte[] payload,
    List<Sig> signatures,
    long signedAt,
    long appendedAt,
    String publicKeyPem,
    List<String> roles,
    Long validFrom,
    Long validUntil,
    Long revokedFrom) {

  /** Grant or revocation. */
  public enum Kind {
    GRANT,
    REVOKE
  }

  /** One DSSE signature: the key id is a hint only. */
  public record Sig(String keyid, byte[] sig) {
    public Sig {
      keyid = keyid == null ? "" : keyid;
      Objects.requireNonNull(sig, "sig");
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sig s && keyid.equals(s.keyid) && Arrays.equals(sig, s.sig);
    }

    @Override
    public int hashCode() {
      return keyid.hashCode() * 31 + Arrays.hashCode(sig);
    }

    @Override
    public String toString() {
      return "Sig[keyid=" + keyid + "]";
    }
  }

  public KeyEvent {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(kind, "kind");
    signatures = signatures == null ? List.of() : List.copyOf(signatures);
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public boolean isGrant() {
    return kind == Kind.GRANT;
  }

  /**
   * True when an event appended at {@code time} falls in this grant's window. A grant takes effect
   * when it was appended; {@code validFrom} may narrow the window, never reach before the append.
   */
  public boolean covers(long time) {
    return isGrant()
        && validFrom != null
        && Math.max(validFrom, appendedAt) <= time
        && (validUntil == null || time < validUntil);
  }

  /**
   * From when a revocation voids its key: its append time, or the earlier {@code revokedFrom} (a
   * known compromise time reaches back; a later one never postpones the revocation).
   */
  public long voidsFrom() {
    if (isGrant()) {
      throw new IllegalStateException("a grant voids nothing");
    }
    return revokedFrom == null ? appendedAt : Math.min(revokedFrom, appendedAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyEvent e
        && digest.equals(e.digest)
        && kind == e.kind
        && payloadType.equals(e.payloadType)
        && Arrays.equals(payload, e.payload)
        && signatures.equals(e.signatures)
        && signedAt == e.signedAt
        && appendedAt == e.appendedAt
        && Objects.equals(publicKeyPem, e.publicKeyPem)
        && roles.equals(e.roles)
        && Objects.equals(validFrom, e.validFrom)
        && Objects.equals(validUntil, e.validUntil)
        && Objects.equals(revokedFrom, e.revokedFrom);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "KeyEvent[" + kind + " " + digest + " appendedAt=" + appendedAt + "]";
  }
}
