package dev.lineage.trust;

import java.util.Optional;

/** Read access to the trusted key histories: a map in tests, the keyring store in the app. */
public interface KeyLookup {
  Optional<KeyHistory> history(String keyId);
}
