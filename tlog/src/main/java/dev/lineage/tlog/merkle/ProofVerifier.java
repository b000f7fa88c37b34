package dev.lineage.tlog.merkle;

import dev.lineage.tlog.merkle.InvalidProofException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies inclusion and consistency proofs with the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2,
 * after checking that the proof has exactly the length {@link ProofPlan} gives for the sizes, so a
 * truncated or padded proof is named as such.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} is leaf {@code index} of the tree of size {@code treeSize} whose
   * root is {@code root}.
   */
  public static void verifyInclusion(
      long index, long treeSize, Hash leafHash, List<Hash> proof, Hash root)
      throws InvalidProofException {
    Hash computed = rootFromInclusionProof(index, treeSize, leafHash, proof);
    if (!computed.equals(root)) {
      throw new InvalidProofException(
          Reason.ROOT_MISMATCH,
          "inclusion proof for leaf "
              + index
              + " in tree size "
              + treeSize
              + " leads to root "
              + computed
              + ", expected "
              + root);
    }
  }

  /** The root that leaf {@code index} and the proof imply (RFC 9162 §2.1.3.2 steps 1-4). */
  public static Hash rootFromInclusionProof(
      long index, long treeSize, Hash leafHash, List<Hash> proof) throws InvalidProofException {
    if (index < 0 || index >= treeSize) {
      throw new InvalidProofException(
          Reason.INDEX_OUT_OF_RANGE,
          "leaf index " + index + " is not in a tree of size " + treeSize);
    }
    int expected = ProofPlan.inclusion(index, treeSize).size();
    if (proof.size() != expected) {
      throw new InvalidProofException(
          Reason.WRONG_PROOF_LENGTH,
          "inclusion proof for leaf "
              + index
              + " in tree size "
              + treeSize
              + " has "
              + proof.size()
              + " hash(es), expected "
              + expected);
    }
    long fn = index;
    long sn = treeSize - 1;
    Hash r = leafHash;
    for (Hash p : proof) {
      if (sn == 0) {
        throw tooLong("inclusion", proof.size());
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = Rfc6962.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        r = Rfc6962.nodeHash(r, p);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException(
          Reason.WRONG_PROOF_LENGTH, "inclusion proof of " + proof.size() + " hash(es) too short");
    }
    return r;
  }

  /**
   * Checks that the tree of size {@code newSize} with root {@code newRoot} extends the tree of size
   * {@code oldSize} with root {@code oldRoot}. Any tree extends the empty tree (the proof is then
   * empty); equal sizes need equal roots and an empty proof.
   */
  public static void verifyConsistency(
      long oldSize, long newSize, List<Hash> proof, Hash oldRoot, Hash newRoot)
      throws InvalidProofException {
    if (oldSize < 0) {
      throw new IllegalArgumentException("tree size must not be negative, got " + oldSize);
    }
    if (oldSize > newSize) {
      throw new InvalidProofException(
          Reason.TREE_SHRANK, "tree size went down from " + oldSize + " to " + newSize);
    }
    int expected = ProofPlan.consistency(oldSize, newSize).size();
    if (proof.size() != expected) {
      throw new InvalidProofException(
          Reason.WRONG_PROOF_LENGTH,
          "consistency proof from size "
              + oldSize
              + " to "
              + newSize
              + " has "
              + proof.size()
              + " hash(es), expected "
              + expected);
    }
    if (oldSize == newSize) {
      if (!oldRoot.equals(newRoot)) {
        throw new InvalidProofException(
            Reason.SAME_SIZE_DIFFERENT_ROOTS,
            "two trees of size "
                + oldSize
                + " have different roots "
                + oldRoot
                + " and "
                + newRoot);
      }
      return;
    }
    if (oldSize == 0) {
      return;
    }
    // RFC 9162 §2.1.4.2
    List<Hash> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(oldSize) == 1) {
      path.add(oldRoot);
    }
    path.addAll(proof);
    long fn = oldSize - 1;
    long sn = newSize - 1;
    while ((fn & 1) == 1) {
      fn >>>= 1;
      sn >>>= 1;
    }
    Hash fr = path.get(0);
    Hash sr = path.get(0);
    for (Hash c : path.subList(1, path.size())) {
      if (sn == 0) {
        throw tooLong("consistency", proof.size());
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = Rfc6962.nodeHash(c, fr);
        sr = Rfc6962.nodeHash(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>>= 1;
            sn >>>= 1;
          }
        }
      } else {
        sr = Rfc6962.nodeHash(sr, c);
      }
      fn >>>= 1;
      sn >>>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException(
          Reason.WRONG_PROOF_LENGTH,
          "consistency proof of " + proof.size() + " hash(es) too short");
    }
    if (!fr.equals(oldRoot)) {
      throw new InvalidProofException(
          Reason.OLD_ROOT_MISMATCH,
          "consistency proof from size "
              + oldSize
              + " to "
              + newSize
              + " leads to old root "
              + fr
              + ", expected "
              + oldRoot);
    }
    if (!sr.equals(newRoot)) {
      throw new InvalidProofException(
          Reason.NEW_ROOT_MISMATCH,
          "consistency proof from size "
              + oldSize
              + " to "
              + newSize
              + " leads to new root "
              + sr
              + ", expected "
              + newRoot);
    }
  }

  private static InvalidProofException tooLong(String kind, int size) {
    return new InvalidProofException(
        Reason.WRONG_PROOF_LENGTH, kind + " proof of " + size + " hash(es) too long");
  }
}
