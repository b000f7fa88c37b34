package dev.lineage.signing;

import java.util.Locale;

/** The signature algorithms Lineage accepts. */
public enum Algorithm {
  /** ECDSA over NIST P-256 with SHA-256: the default (cosign's, the DSSE test vector's). */
  ECDSA_P256_SHA256("p256"),
  ED25519("ed25519");

  private final String cliName;

  Algorithm(String cliName) {
    this.cliName = cliName;
  }

  /** The short name used on the command line: {@code p256} or {@code ed25519}. */
  public String cliName() {
    return cliName;
  }

  /** Reads {@code p256} / {@code ed25519} (any case). */
  public static Algorithm fromName(String name) {
    for (Algorithm a : values()) {
      if (a.cliName.equals(name.toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown signature algorithm '" + name + "'; expected p256 or ed25519");
  }
}
