package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.util.List;
import java.util.Objects;

/**
 * What stays of an erased object: its digest and size (so the graph, manifests and signatures that
 * name it still make sense), and the erasure fact. For a directory, the tombstone of its manifest
 * also lists the file objects that were erased with it.
 *
 * @param digest the erased object's name
 * @param sizeBytes how many bytes the content had
 * @param fact why and when it was erased
 * @param directoryFiles for a directory's manifest, the file objects erased with it (sorted,
 *     unique); empty for a file
 */
public record Tombstone(
    Digest digest, long sizeBytes, ErasureFact fact, List<Digest> directoryFiles) {
  public Tombstone {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(fact, "fact");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("size must not be negative, got " + sizeBytes);
    }
    directoryFiles = List.copyOf(directoryFiles);
  }

  public boolean isDirectory() {
    return !directoryFiles.isEmpty();
  }
}
