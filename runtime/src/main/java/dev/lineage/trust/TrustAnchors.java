package dev.lineage.trust;

import dev.lineage.signing.KeyPairs;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The root public keys, from configuration. A root holds {@code ADMIN} at every time: it can grant
 * and revoke keys on {@code lineage.keys}, and nothing else unless the keyring grants it more.
 * Roots are not revocable through the topic: whoever controls the configuration controls them.
 */
public final class TrustAnchors {
  private final Map<String, PublicKey> roots;

  private TrustAnchors(Map<String, PublicKey> roots) {
    this.roots = Map.copyOf(roots);
  }

  public static TrustAnchors of(Collection<? extends PublicKey> keys) {
    Map<String, PublicKey> byId = new LinkedHashMap<>();
    for (PublicKey key : keys) {
      KeyPairs.algorithmOf(key);
      byId.putIfAbsent(KeyPairs.keyId(key), key);
    }
    return new TrustAnchors(byId);
  }

  /** Roots read from PEM SubjectPublicKeyInfo files. */
  public static TrustAnchors fromPemFiles(List<Path> files) throws IOException {
    Objects.requireNonNull(files, "files");
    List<PublicKey> keys = new ArrayList<>();
    for (Path file : files) {
      keys.add(KeyPairs.readPublicKey(file));
    }
    return of(keys);
  }

  /** Roots given as PEM text (e.g. from an environment variable). */
  public static TrustAnchors fromPemStrings(List<String> pems) throws IOException {
    Objects.requireNonNull(pems, "pems");
    List<PublicKey> keys = new ArrayList<>();
    int i = 0;
    for (String pem : pems) {
      keys.add(KeyPairs.parsePublicKey(pem, "root key #" + i++));
    }
    return of(keys);
  }

  public boolean contains(String keyId) {
    return roots.containsKey(keyId);
  }

  public Optional<PublicKey> publicKey(String keyId) {
    return Optional.ofNullable(roots.get(keyId));
  }

  public Set<String> keyIds() {
    return roots.keySet();
  }

  public boolean isEmpty() {
    return roots.isEmpty();
  }

  @Override
  public String toString() {
    return "TrustAnchors" + roots.keySet();
  }
}
