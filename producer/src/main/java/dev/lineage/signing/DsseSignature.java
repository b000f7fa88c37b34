package dev.lineage.signing;

import java.util.Arrays;
import java.util.Base64;

/**
 * One DSSE signature. {@code keyid} is an unauthenticated hint ({@code ""} when absent): it may
 * narrow which keys to try, never decide trust.
 */
public record DsseSignature(String keyid, byte[] sig) {
  public DsseSignature {
    keyid = keyid == null ? "" : keyid;
    sig = sig.clone();
  }

  @Override
  public byte[] sig() {
    return sig.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DsseSignature s && keyid.equals(s.keyid) && Arrays.equals(sig, s.sig);
  }

  @Override
  public int hashCode() {
    return keyid.hashCode() * 31 + Arrays.hashCode(sig);
  }

  @Override
  public String toString() {
    return "DsseSignature[keyid="
        + keyid
        + ", sig="
        + Base64.getEncoder().encodeToString(sig)
        + "]";
  }
}
