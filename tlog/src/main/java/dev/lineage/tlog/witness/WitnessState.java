package dev.lineage.tlog.witness;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where a witness keeps the last tree head it cosigned per origin. {@link #put} must be durable
 * when it returns: the witness persists before it answers (c2sp.org/tlog-witness,
 * "add-checkpoint").
 */
public interface WitnessState {
  Optional<TreeHead> get(String origin);

  void put(String origin, TreeHead head) throws IOException;

  /** Every origin's tree head, for status pages and tests. */
  Map<String, TreeHead> all();
}
