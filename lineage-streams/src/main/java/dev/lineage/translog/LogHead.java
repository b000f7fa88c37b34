package dev.lineage.translog;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.Rfc6962;

/**
 * Where the log stands.
 *
 * @param size how many leaves are integrated into the tiles: the size of the tree whose root is
 *     {@code root}
 * @param sequenced how many leaves are sequenced (have an index), integrated or pending; never less
 *     than {@code size}
 * @param root the RFC 6962 root of the first {@code size} leaves, 64 lowercase hex
 */
public record LogHead(long size, long sequenced, String root) {
  public static final LogHead EMPTY = new LogHead(0, 0, Rfc6962.EMPTY_ROOT.hex());

  public LogHead {
    if (size < 0 || sequenced < size) {
      throw new IllegalArgumentException(
          "a log head has 0 <= size <= sequenced, got size " + size + ", sequenced " + sequenced);
    }
    Hash.fromHex(root);
  }

  public Hash rootHash() {
    return Hash.fromHex(root);
  }

  LogHead sequencedOne() {
    return new LogHead(size, sequenced + 1, root);
  }

  boolean hasPending() {
    return sequenced > size;
  }
}
