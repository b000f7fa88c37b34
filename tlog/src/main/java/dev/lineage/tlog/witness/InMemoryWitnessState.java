package dev.lineage.tlog.witness;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Witness state that lives as long as the object: for tests. */
public final class InMemoryWitnessState implements WitnessState {
  private final Map<String, TreeHead> heads = new TreeMap<>();

  @Override
  public synchronized Optional<TreeHead> get(String origin) {
    return Optional.ofNullable(heads.get(origin));
  }

  @Override
  public synchronized void put(String origin, TreeHead head) {
    heads.put(origin, head);
  }

  @Override
  public synchronized Map<String, TreeHead> all() {
    return Map.copyOf(heads);
  }
}
