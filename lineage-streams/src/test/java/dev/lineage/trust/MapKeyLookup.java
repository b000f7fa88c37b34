package dev.lineage.trust;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The keyring's facts in a map: what the global store holds, without Kafka. */
final class MapKeyLookup implements KeyLookup {
  private final Map<String, KeyHistory> histories = new TreeMap<>();

  /** Adds one record value of lineage.keys, as the global processor does. */
  Keyring.KeyEventRead add(byte[] recordValue) {
    Keyring.KeyEventRead read = Keyring.read(recordValue);
    if (read.rejection() == null) {
      histories.merge(
          read.subjectKeyId(),
          KeyHistory.empty(read.subjectKeyId()).with(read.event()),
          (a, b) -> a.with(read.event()));
    }
    return read;
  }

  @Override
  public Optional<KeyHistory> history(String keyId) {
    return Optional.ofNullable(histories.get(keyId));
  }

  @Override
  public Collection<String> keyIdsWithPublicKey() {
    List<String> ids = new ArrayList<>();
    histories.values().stream()
        .filter(h -> h.publicKeyPem().isPresent())
        .forEach(h -> ids.add(h.keyId()));
    return ids;
  }
}
