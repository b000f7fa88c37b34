package dev.lineage.signing;

import java.security.Provider;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider, registered once and then always named explicitly: on Java 17 it
 * verifies P-256 signatures an order of magnitude faster than SunEC, and asking for it by instance
 * means no other provider is picked by accident.
 */
public final class BouncyCastle {
  private BouncyCastle() {}

  private static final class Holder {
    static final Provider PROVIDER = register();

    private static synchronized Provider register() {
      Provider existing = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME);
      if (existing != null) {
        return existing;
      }
      Provider bc = new BouncyCastleProvider();
      // appended, so it never outranks the JDK's providers for other callers (e.g. SHA-256)
      Security.addProvider(bc);
      return bc;
    }
  }

  public static Provider provider() {
    return Holder.PROVIDER;
  }
}
