package dev.lineage.governance;

import java.util.List;

/** The decisions stored for one model digest, wherever their partition lives. */
@FunctionalInterface
public interface ApprovalLookup {
  List<ApprovalRecord> forModel(String modelDigest);

  /**
   * For another instance asking: only what is held here. A lookup that holds everything answers as
   * {@link #forModel}.
   */
  default List<ApprovalRecord> localFor(String modelDigest) {
    return forModel(modelDigest);
  }
}
