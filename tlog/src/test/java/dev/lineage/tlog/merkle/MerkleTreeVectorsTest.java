package dev.lineage.tlog.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.merkle.InvalidProofException.Reason;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published RFC 6962 test vectors. Data (not code) copied from transparency-dev/merkle {@code
 * proof/verify_test.go} at commit 02194e9afb6c1d95b5381350007963aa70fff472 (Apache-2.0), which
 * carries them over from Certificate Transparency's {@code merkle_tree_test}: the eight leaves, the
 * roots of the trees of size 1..8 over them, and their inclusion and consistency proofs. In that
 * file {@code inclusionProofs} name leaves 1-based; here indexes are 0-based.
 */
class MerkleTreeVectorsTest {
  static final List<byte[]> LEAVES =
      Stream.of(
              "",
              "00",
              "10",
              "2021",
              "3031",
              "40414243",
              "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
          .map(HexFormat.of()::parseHex)
          .toList();

  static final List<Hash> ROOTS =
      Stream.of(
              "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
              "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
              "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
              "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
              "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
              "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
              "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
              "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")
          .map(Hash::fromHex)
          .toList();

  static List<Hash> hashes(String... hex) {
    return Stream.of(hex).map(Hash::fromHex).toList();
  }

  /** (0-based leaf index, tree size, proof). */
  static Stream<Arguments> inclusionVectors() {
    return Stream.of(
        Arguments.of(0, 1, hashes()),
        Arguments.of(
            0,
            8,
            hashes(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(
            5,
            8,
            hashes(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(
            2, 3, hashes("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")),
        Arguments.of(
            1,
            5,
            hashes(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")));
  }

  /** (old size, new size, proof). */
  static Stream<Arguments> consistencyVectors() {
    return Stream.of(
        Arguments.of(1, 1, hashes()),
        Arguments.of(
            1,
            8,
            hashes(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")),
        Arguments.of(
            6,
            8,
            hashes(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")),
        Arguments.of(
            2,
            5,
            hashes(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b")),
        Arguments.of(
            6,
            7,
            hashes(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  }

  static InMemoryHashStore treeOf(int size) {
    InMemoryHashStore store = new InMemoryHashStore();
    for (int i = 0; i < size; i++) {
      store.append(LEAVES.get(i));
    }
    return store;
  }

  @Test
  void emptyTreeRootIsSha256OfNothing() {
    assertThat(Rfc6962.EMPTY_ROOT.hex())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(MerkleTree.rootHash(0, new InMemoryHashStore())).isEqualTo(Rfc6962.EMPTY_ROOT);
  }

  @Test
  void rootsOfTreesOfSizeOneToEightMatchThePublishedRoots() {
    InMemoryHashStore all = treeOf(8);
    for (int size = 1; size <= 8; size++) {
      assertThat(treeOf(size).rootHash())
          .as("root of size %d", size)
          .isEqualTo(ROOTS.get(size - 1));
      // a larger store answers the root of every earlier size from the same stored hashes
      assertThat(MerkleTree.rootHash(size, all)).isEqualTo(ROOTS.get(size - 1));
    }
  }

  @Test
  void leafAndNodeHashesAreDomainSeparated() {
    // the tree of one empty leaf is SHA-256(0x00), not SHA-256("")
    assertThat(Rfc6962.leafHash(new byte[0])).isEqualTo(ROOTS.get(0));
    assertThat(Rfc6962.nodeHash(Rfc6962.leafHash(LEAVES.get(0)), Rfc6962.leafHash(LEAVES.get(1))))
        .isEqualTo(ROOTS.get(1));
  }

  @ParameterizedTest(name = "leaf {0} in size {1}")
  @MethodSource("inclusionVectors")
  void generatesAndVerifiesThePublishedInclusionProofs(int index, int size, List<Hash> proof)
      throws InvalidProofException {
    assertThat(MerkleTree.inclusionProof(index, size, treeOf(8))).isEqualTo(proof);
    ProofVerifier.verifyInclusion(
        index, size, Rfc6962.leafHash(LEAVES.get(index)), proof, ROOTS.get(size - 1));
  }

  @ParameterizedTest(name = "size {0} to {1}")
  @MethodSource("consistencyVectors")
  void generatesAndVerifiesThePublishedConsistencyProofs(int oldSize, int newSize, List<Hash> proof)
      throws InvalidProofException {
    assertThat(MerkleTree.consistencyProof(oldSize, newSize, treeOf(8))).isEqualTo(proof);
    ProofVerifier.verifyConsistency(
        oldSize, newSize, proof, ROOTS.get(oldSize - 1), ROOTS.get(newSize - 1));
  }

  @ParameterizedTest(name = "leaf {0} in size {1}")
  @MethodSource("inclusionVectors")
  void everyCorruptionOfAPublishedInclusionProofIsRefused(int index, int size, List<Hash> proof) {
    Hash leaf = Rfc6962.leafHash(LEAVES.get(index));
    Hash root = ROOTS.get(size - 1);
    Hash some = Hash.fromHex("abacaba000000000000000000000000000000000000000000060061e00123456");
    record Probe(String what, long index, long size, Hash leaf, List<Hash> proof, Hash root) {}
    List<Probe> probes = new ArrayList<>();
    probes.add(new Probe("index - 1", index - 1, size, leaf, proof, root));
    probes.add(new Probe("index + 1", index + 1, size, leaf, proof, root));
    probes.add(new Probe("index ^ 2", index ^ 2, size, leaf, proof, root));
    probes.add(new Probe("size * 2", index, size * 2L, leaf, proof, root));
    probes.add(new Probe("size / 2", index, size / 2, leaf, proof, root));
    probes.add(new Probe("wrong leaf", index, size, some, proof, root));
    probes.add(new Probe("empty root", index, size, leaf, proof, Rfc6962.EMPTY_ROOT));
    probes.add(new Probe("trailing root", index, size, leaf, plus(proof, root), root));
    probes.add(new Probe("preceding root", index, size, leaf, plus(List.of(root), proof), root));
    for (int i = 0; i < proof.size(); i++) {
      probes.add(new Probe("flipped bit in [" + i + "]", index, size, leaf, flip(proof, i), root));
    }
    if (!proof.isEmpty()) {
      probes.add(
          new Probe("removed last", index, size, leaf, proof.subList(0, proof.size() - 1), root));
    }
    for (Probe p : probes) {
      assertThatThrownBy(
              () -> ProofVerifier.verifyInclusion(p.index, p.size, p.leaf, p.proof, p.root), p.what)
          .isInstanceOf(InvalidProofException.class);
    }
  }

  @ParameterizedTest(name = "size {0} to {1}")
  @MethodSource("consistencyVectors")
  void everyCorruptionOfAPublishedConsistencyProofIsRefused(
      int oldSize, int newSize, List<Hash> proof) {
    if (proof.isEmpty()) {
      return;
    }
    Hash r1 = ROOTS.get(oldSize - 1);
    Hash r2 = ROOTS.get(newSize - 1);
    record Probe(String what, long m, long n, Hash r1, Hash r2, List<Hash> proof) {}
    List<Probe> probes = new ArrayList<>();
    probes.add(new Probe("size1 - 1", oldSize - 1, newSize, r1, r2, proof));
    probes.add(new Probe("size1 + 1", oldSize + 1, newSize, r1, r2, proof));
    probes.add(new Probe("size1 ^ 2", oldSize ^ 2, newSize, r1, r2, proof));
    probes.add(new Probe("size2 * 2", oldSize, newSize * 2L, r1, r2, proof));
    probes.add(new Probe("size2 / 2", oldSize, newSize / 2, r1, r2, proof));
    probes.add(new Probe("wrong root1", oldSize, newSize, Rfc6962.EMPTY_ROOT, r2, proof));
    probes.add(new Probe("wrong root2", oldSize, newSize, r1, Rfc6962.EMPTY_ROOT, proof));
    probes.add(new Probe("swapped roots", oldSize, newSize, r2, r1, proof));
    probes.add(new Probe("empty proof", oldSize, newSize, r1, r2, List.of()));
    probes.add(new Probe("trailing root2", oldSize, newSize, r1, r2, plus(proof, r2)));
    probes.add(new Probe("preceding root1", oldSize, newSize, r1, r2, plus(List.of(r1), proof)));
    probes.add(
        new Probe("truncated", oldSize, newSize, r1, r2, proof.subList(0, proof.size() - 1)));
    for (int i = 0; i < proof.size(); i++) {
      probes.add(new Probe("flipped bit in [" + i + "]", oldSize, newSize, r1, r2, flip(proof, i)));
    }
    for (Probe p : probes) {
      assertThatThrownBy(
              () -> ProofVerifier.verifyConsistency(p.m, p.n, p.proof, p.r1, p.r2), p.what)
          .isInstanceOf(InvalidProofException.class);
    }
  }

  @Test
  void failuresNameTheirReason() {
    List<Hash> proof = MerkleTree.inclusionProof(5, 8, treeOf(8));
    Hash leaf = Rfc6962.leafHash(LEAVES.get(5));
    assertThatThrownBy(() -> ProofVerifier.verifyInclusion(8, 8, leaf, proof, ROOTS.get(7)))
        .isInstanceOf(InvalidProofException.class)
        .hasMessage("leaf index 8 is not in a tree of size 8")
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.INDEX_OUT_OF_RANGE);
    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(5, 8, leaf, proof.subList(0, 2), ROOTS.get(7)))
        .hasMessage("inclusion proof for leaf 5 in tree size 8 has 2 hash(es), expected 3")
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.WRONG_PROOF_LENGTH);
    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(5, 8, leaf, flip(proof, 0), ROOTS.get(7)))
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);
    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(4, 8, leaf, proof, ROOTS.get(7)), "wrong index")
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.ROOT_MISMATCH);

    List<Hash> c = MerkleTree.consistencyProof(6, 8, treeOf(8));
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(8, 6, c, ROOTS.get(7), ROOTS.get(5)))
        .hasMessage("tree size went down from 8 to 6")
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.TREE_SHRANK);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, c, ROOTS.get(4), ROOTS.get(7)))
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.OLD_ROOT_MISMATCH);
    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(6, 8, c, ROOTS.get(5), ROOTS.get(6)))
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.NEW_ROOT_MISMATCH);
    assertThatThrownBy(
            () -> ProofVerifier.verifyConsistency(8, 8, List.of(), ROOTS.get(7), ROOTS.get(6)))
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.SAME_SIZE_DIFFERENT_ROOTS);
  }

  @Test
  void anyTreeIsConsistentWithTheEmptyTreeWithoutAProof() throws InvalidProofException {
    ProofVerifier.verifyConsistency(0, 5, List.of(), Rfc6962.EMPTY_ROOT, ROOTS.get(4));
    assertThatThrownBy(
            () ->
                ProofVerifier.verifyConsistency(
                    0, 5, List.of(ROOTS.get(0)), Rfc6962.EMPTY_ROOT, ROOTS.get(4)))
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(Reason.WRONG_PROOF_LENGTH);
  }

  static List<Hash> plus(List<Hash> a, Hash b) {
    List<Hash> out = new ArrayList<>(a);
    out.add(b);
    return out;
  }

  static List<Hash> plus(List<Hash> a, List<Hash> b) {
    List<Hash> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static List<Hash> flip(List<Hash> proof, int i) {
    List<Hash> out = new ArrayList<>(proof);
    byte[] b = out.get(i).bytes();
    b[0] ^= 8;
    out.set(i, Hash.of(b));
    return out;
  }
}
