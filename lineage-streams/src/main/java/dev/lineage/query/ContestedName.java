package dev.lineage.query;

import dev.lineage.http.ApiException;
import java.util.List;

/**
 * A name held by more than one key. A name belongs to the first key that registered it, so the fold
 * never lets a second key in; a name still held by several keys (stores folded before that rule)
 * resolves to nothing, since picking one would let a key holder decide what {@code name:...} means.
 */
public final class ContestedName {
  private ContestedName() {}

  /** The 409 a contested name answers, listing each candidate as {@code node by key}. */
  public static ApiException error(String name, List<String> candidates) {
    return new ApiException(
        409,
        "name-contested",
        "the name '"
            + name
            + "' is held by more than one key, so it names nothing; use a digest. Candidates: "
            + String.join("; ", candidates));
  }
}
