package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.util.List;

/**
 * What {@link ContentStore#fsck()} found.
 *
 * @param objectsChecked objects re-hashed
 * @param corrupt objects whose content does not hash to their name
 * @param missing objects listed by a stored directory manifest but absent
 * @param problems anything else: unreadable directory manifests or tombstones, stray files in the
 *     object tree, an erasure left half-done
 * @param erased objects erased for a deletion request: their tombstones are intact, and they are
 *     neither corrupt nor missing
 */
public record FsckReport(
    long objectsChecked,
    List<Digest> corrupt,
    List<Missing> missing,
    List<String> problems,
    List<Digest> erased) {

  /** A file of a stored directory whose object is absent. */
  public record Missing(Digest directory, String path, Digest object) {}

  public FsckReport {
    corrupt = List.copyOf(corrupt);
    missing = List.copyOf(missing);
    problems = List.copyOf(problems);
    erased = List.copyOf(erased);
  }

  /** A report of a store without erased objects. */
  public FsckReport(
      long objectsChecked, List<Digest> corrupt, List<Missing> missing, List<String> problems) {
    this(objectsChecked, corrupt, missing, problems, List.of());
  }

  /** No corruption, nothing missing, no problem; erased objects are as they should be. */
  public boolean isClean() {
    return corrupt.isEmpty() && missing.isEmpty() && problems.isEmpty();
  }
}
