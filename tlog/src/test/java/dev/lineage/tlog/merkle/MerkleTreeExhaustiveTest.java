package dev.lineage.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every inclusion and consistency proof of every tree up to 70 leaves, generated from stored
 * subtrees and checked against a recursive RFC 6962 reference written straight from the definitions
 * (MTH, PATH, SUBPROOF), then verified, then refused when one bit flips.
 */
class MerkleTreeExhaustiveTest {
  static final int MAX = 70;

  static List<Hash> leafHashes(int n) {
    List<Hash> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Rfc6962.leafHash(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  static Hash mth(List<Hash> d) {
    if (d.size() == 1) {
      return d.get(0);
    }
    int k = Integer.highestOneBit(d.size() - 1);
    return Rfc6962.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
  }

  static List<Hash> path(int m, List<Hash> d) {
    List<Hash> out = new ArrayList<>();
    if (d.size() <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(d.size() - 1);
    if (m < k) {
      out.addAll(path(m, d.subList(0, k)));
      out.add(mth(d.subList(k, d.size())));
    } else {
      out.addAll(path(m - k, d.subList(k, d.size())));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  static List<Hash> subproof(int m, List<Hash> d, boolean b) {
    List<Hash> out = new ArrayList<>();
    int n = d.size();
    if (m == n) {
      if (!b) {
        out.add(mth(d));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, d.subList(0, k), b));
      out.add(mth(d.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, d.subList(k, n), false));
      out.add(mth(d.subList(0, k)));
    }
    return out;
  }

  @Test
  void proofsFromStoredSubtreesEqualTheRecursiveDefinitionAndVerify() throws Exception {
    List<Hash> leaves = leafHashes(MAX);
    InMemoryHashStore store = new InMemoryHashStore();
    leaves.forEach(store::appendLeafHash);
    for (int n = 1; n <= MAX; n++) {
      List<Hash> d = leaves.subList(0, n);
      Hash root = mth(d);
      assertThat(MerkleTree.rootHash(n, store)).isEqualTo(root);
      for (int i = 0; i < n; i++) {
        List<Hash> proof = MerkleTree.inclusionProof(i, n, store);
        assertThat(proof).as("PATH(%d, D[%d])", i, n).isEqualTo(path(i, d));
        ProofVerifier.verifyInclusion(i, n, leaves.get(i), proof, root);
        for (int j = 0; j < proof.size(); j++) {
          List<Hash> bad = MerkleTreeVectorsTest.flip(proof, j);
          int index = i;
          int size = n;
          assertThatThrownBy(
                  () -> ProofVerifier.verifyInclusion(index, size, leaves.get(index), bad, root))
              .isInstanceOf(InvalidProofException.class);
        }
      }
      for (int m = 1; m <= n; m++) {
        Hash oldRoot = mth(leaves.subList(0, m));
        List<Hash> proof = MerkleTree.consistencyProof(m, n, store);
        assertThat(proof)
            .as("PROOF(%d, D[%d])", m, n)
            .isEqualTo(m == n ? List.of() : subproof(m, d, true));
        ProofVerifier.verifyConsistency(m, n, proof, oldRoot, root);
        for (int j = 0; j < proof.size(); j++) {
          List<Hash> bad = MerkleTreeVectorsTest.flip(proof, j);
          int oldSize = m;
          int newSize = n;
          assertThatThrownBy(
                  () -> ProofVerifier.verifyConsistency(oldSize, newSize, bad, oldRoot, root))
              .isInstanceOf(InvalidProofException.class);
        }
      }
    }
  }

  @Test
  void aProofOfALeafNotYetAppendedNamesTheMissingNode() {
    InMemoryHashStore store = new InMemoryHashStore();
    leafHashes(3).forEach(store::appendLeafHash);
    assertThatThrownBy(() -> MerkleTree.inclusionProof(0, 4, store))
        .isInstanceOf(MissingHashException.class)
        .hasMessage("node(level 1, index 1) is not complete in a tree of size 3");
  }
}
