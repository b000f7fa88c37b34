package dev.lineage.signing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies DSSE envelopes against a set of trusted public keys. Every signature is tried against
 * every trusted key (a {@code keyid} hint only orders the attempts), and the envelope is accepted
 * when at least {@code threshold} <em>distinct</em> trusted keys signed it validly: the same key
 * twice, or two signatures by one key, count once.
 */
public final class Verifier {
  private final Map<String, PublicKey> trusted = new LinkedHashMap<>();
  private final int threshold;

  public Verifier(Collection<? extends PublicKey> trustedKeys) {
    this(trustedKeys, 1);
  }

  public Verifier(Collection<? extends PublicKey> trustedKeys, int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
    }
    for (PublicKey k : trustedKeys) {
      KeyPairs.algorithmOf(k);
      trusted.putIfAbsent(KeyPairs.keyId(k), k);
    }
    if (trusted.size() < threshold) {
      throw new IllegalArgumentException(
          "threshold "
              + threshold
              + " can never be met with "
              + trusted.size()
              + " distinct trusted key(s)");
    }
    this.threshold = threshold;
  }

  public int threshold() {
    return threshold;
  }

  public VerificationResult verify(DsseEnvelope envelope) {
    List<DsseSignature> signatures = envelope.signatures();
    if (signatures.isEmpty()) {
      return fail(
          Set.of(), VerificationResult.Failure.NO_SIGNATURES, "the envelope has no signature");
    }
    byte[] pae = envelope.pae();
    Set<String> accepted = new LinkedHashSet<>();
    boolean hintNamedTrustedKey = false;
    for (DsseSignature s : signatures) {
      hintNamedTrustedKey |= trusted.containsKey(s.keyid());
      for (String id : tryOrder(s.keyid())) {
        if (accepted.contains(id)) {
          continue;
        }
        if (verifySignature(trusted.get(id), pae, s.sig())) {
          accepted.add(id);
          break;
        }
      }
    }
    if (accepted.size() >= threshold) {
      return new VerificationResult(
          accepted, threshold, Optional.empty(), "verified by " + String.join(", ", accepted));
    }
    if (!accepted.isEmpty()) {
      return fail(
          accepted,
          VerificationResult.Failure.THRESHOLD_NOT_MET,
          accepted.size() + " distinct trusted key(s) signed validly, " + threshold + " required");
    }
    if (hintNamedTrustedKey) {
      return fail(
          accepted,
          VerificationResult.Failure.BAD_SIGNATURE,
          "bad signature: a signature names a trusted key but does not verify; the payload, its"
              + " type or the signature was altered");
    }
    return fail(
        accepted,
        VerificationResult.Failure.NO_TRUSTED_KEY,
        "no signature verifies against a trusted key ("
            + signatures.size()
            + " signature(s), none by a trusted key)");
  }

  private VerificationResult fail(
      Set<String> accepted, VerificationResult.Failure failure, String reason) {
    return new VerificationResult(accepted, threshold, Optional.of(failure), reason);
  }

  private List<String> tryOrder(String hint) {
    List<String> order = new ArrayList<>(trusted.size());
    if (trusted.containsKey(hint)) {
      order.add(hint);
    }
    for (String id : trusted.keySet()) {
      if (!id.equals(hint)) {
        order.add(id);
      }
    }
    return order;
  }

  /**
   * True when {@code sig} is a valid signature of {@code message} by {@code key}. P-256 signatures
   * are DER; a 64-byte raw r‖s is accepted too (the DSSE test vector and some signers use it).
   */
  public static boolean verifySignature(PublicKey key, byte[] message, byte[] sig) {
    Algorithm algorithm = KeyPairs.algorithmOf(key);
    if (algorithm == Algorithm.ED25519) {
      return verifyWith("Ed25519", key, message, sig);
    }
    if (verifyWith("SHA256withECDSA", key, message, sig)) {
      return true;
    }
    return sig.length == 64 && verifyWith("SHA256withPLAIN-ECDSA", key, message, sig);
  }

  private static boolean verifyWith(String algorithm, PublicKey key, byte[] message, byte[] sig) {
    try {
      Signature s = Signature.getInstance(algorithm, BouncyCastle.provider());
      s.initVerify(key);
      s.update(message);
      return s.verify(sig);
    } catch (SignatureException malformed) {
      // a signature that does not even decode is simply not a valid signature
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("BouncyCastle cannot verify " + algorithm, e);
    }
  }
}
