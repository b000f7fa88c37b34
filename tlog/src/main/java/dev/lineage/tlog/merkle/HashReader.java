package dev.lineage.tlog.merkle;

import java.util.List;

/**
 * Reads stored hashes of complete subtrees. Proof generation asks for all the hashes it needs in
 * one call, so an implementation backed by tiles can fetch each tile once and a log of millions of
 * leaves never has to sit in memory.
 */
public interface HashReader {
  /**
   * The hashes of {@code nodes}, in the same order.
   *
   * @throws MissingHashException when a node is not stored (not yet appended, or its tile lost)
   */
  List<Hash> readHashes(List<NodeId> nodes);
}
