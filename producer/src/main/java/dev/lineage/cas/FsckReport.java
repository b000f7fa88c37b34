package dev.lineage.cas;

import dev.lineage.id.Digest;
import java.util.List;

/**
 * What {@link ContentStore#fsck()} found.
 *
 * @param objectsChecked objects re-hashed
 * @param corrupt objects whose content does not hash to their name
 * @param missing objects listed by a stored directory manifest but absent
 * @param problems anything else: unreadable directory manifests, stray files in the object tree
 */
public record FsckReport(
    long objectsChecked, List<Digest> corrupt, List<Missing> missing, List<String> problems) {

  /** A file of a stored directory whose object is absent. */
  public record Missing(Digest directory, String path, Digest object) {}

  public FsckReport {
    corrupt = List.copyOf(corrupt);
    missing = List.copyOf(missing);
    problems = List.copyOf(problems);
  }

  public boolean isClean() {
    return corrupt.isEmpty() && missing.isEmpty() && problems.isEmpty();
  }
}
