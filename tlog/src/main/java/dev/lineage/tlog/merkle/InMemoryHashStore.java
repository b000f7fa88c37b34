package dev.lineage.tlog.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Every complete subtree hash of a tree, kept in memory: for tests, and for small trees (an
 * evidence bundle's own checks). Appending a leaf stores its hash and every subtree it completes.
 */
public final class InMemoryHashStore implements HashReader {
  private final List<List<Hash>> levels = new ArrayList<>();
  private long size;

  /** Appends a leaf by its data, hashing it as RFC 6962 does. */
  public void append(byte[] leafData) {
    appendLeafHash(Rfc6962.leafHash(leafData));
  }

  public void appendLeafHash(Hash leafHash) {
    Hash h = leafHash;
    int level = 0;
    long index = size;
    while (true) {
      if (levels.size() == level) {
        levels.add(new ArrayList<>());
      }
      levels.get(level).add(h);
      if ((index & 1) == 0) {
        break;
      }
      List<Hash> row = levels.get(level);
      h = Rfc6962.nodeHash(row.get(row.size() - 2), h);
      level++;
      index >>>= 1;
    }
    size++;
  }

  public long size() {
    return size;
  }

  public Hash rootHash() {
    return MerkleTree.rootHash(size, this);
  }

  @Override
  public List<Hash> readHashes(List<NodeId> nodes) {
    List<Hash> out = new ArrayList<>(nodes.size());
    for (NodeId n : nodes) {
      if (n.level() >= levels.size() || n.index() >= levels.get(n.level()).size()) {
        throw new MissingHashException(n + " is not complete in a tree of size " + size);
      }
      out.add(levels.get(n.level()).get((int) n.index()));
    }
    return out;
  }
}
