package dev.lineage.trust;

import java.util.Collection;
import java.util.Optional;

/** Read access to the published key histories: a map in tests, the keyring store in the app. */
public interface KeyLookup {
  Optional<KeyHistory> history(String keyId);

  /** Ids of every key some grant published a public key for (trusted or not). */
  Collection<String> keyIdsWithPublicKey();
}
