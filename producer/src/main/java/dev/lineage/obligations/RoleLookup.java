package dev.lineage.obligations;

import dev.lineage.avro.Role;

/**
 * Whether a key held a role at a time: the trust layer's answer ({@code Keyring::holds} fits), so
 * the checks here stay pure.
 */
@FunctionalInterface
public interface RoleLookup {
  boolean holds(String keyId, Role role, long atEpochMillis);
}
