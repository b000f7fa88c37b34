package dev.lineage.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.tlog.merkle.Hash;
import dev.lineage.tlog.merkle.InMemoryHashStore;
import dev.lineage.tlog.merkle.InvalidProofException;
import dev.lineage.tlog.merkle.MerkleTree;
import dev.lineage.tlog.merkle.MissingHashException;
import dev.lineage.tlog.merkle.ProofVerifier;
import dev.lineage.tlog.merkle.Rfc6962;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TiledLogTest {
  static byte[] entry(long i) {
    return ("event " + i).getBytes(StandardCharsets.UTF_8);
  }

  static List<byte[]> entries(long from, long to) {
    List<byte[]> out = new ArrayList<>();
    for (long i = from; i < to; i++) {
      out.add(entry(i));
    }
    return out;
  }

  @Test
  void appendingInBatchesWritesExactlyTheNewTilesAndAgreesWithTheReferenceTree() throws Exception {
    InMemoryTileStore store = new InMemoryTileStore();
    TiledLog log = new TiledLog(store, 0);
    InMemoryHashStore reference = new InMemoryHashStore();
    Random random = new Random(16);
    List<Long> checkpointSizes = new ArrayList<>();
    while (log.size() < 70_000) {
      long old = log.size();
      int batch = 1 + random.nextInt(random.nextBoolean() ? 40 : 3000);
      TileUpdate update = log.append(entries(old, old + batch));
      entries(old, old + batch).forEach(reference::append);

      Set<TileResource> expected = new HashSet<>(Tiles.newTiles(old, old + batch));
      expected.addAll(Tiles.newEntryBundles(old, old + batch));
      assertThat(update.writes().keySet()).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(update.root()).isEqualTo(reference.rootHash());
      assertThat(log.root()).isEqualTo(reference.rootHash());
      checkpointSizes.add(log.size());
    }
    long size = log.size();
    Hash root = log.root();
    for (long index : new long[] {0, 1, 255, 256, 65_535, 65_536, size - 1}) {
      List<Hash> proof = log.inclusionProof(index, size);
      assertThat(proof).isEqualTo(MerkleTree.inclusionProof(index, size, reference));
      ProofVerifier.verifyInclusion(index, size, Rfc6962.leafHash(entry(index)), proof, root);
      assertThat(log.entry(index)).isEqualTo(entry(index));
    }
    for (long old : checkpointSizes.subList(0, 20)) {
      List<Hash> proof = log.consistencyProof(old, size);
      ProofVerifier.verifyConsistency(old, size, proof, log.rootAt(old), root);
    }
  }

  @Test
  void levelZeroTilesHoldLeafHashesAndBundlesHoldLengthPrefixedEntries() {
    InMemoryTileStore store = new InMemoryTileStore();
    new TiledLog(store, 0).append(entries(0, 3));
    byte[] tile = store.read(new TileId(0, 0, 3)).orElseThrow();
    assertThat(Hash.slice(tile, 64)).isEqualTo(Rfc6962.leafHash(entry(2)));
    byte[] bundle = store.read(new EntryBundleId(0, 3)).orElseThrow();
    assertThat(bundle[0]).isEqualTo((byte) 0);
    assertThat(bundle[1]).isEqualTo((byte) entry(0).length);
    assertThat(EntryBundles.decode(bundle)).containsExactly(entry(0), entry(1), entry(2));
  }

  @Test
  void aLogReopenedFromItsStoreAtItsSizeKeepsAppendingTheSameTree() {
    InMemoryTileStore store = new InMemoryTileStore();
    new TiledLog(store, 0).append(entries(0, 300));
    TiledLog reopened = new TiledLog(store, 300);
    reopened.append(entries(300, 600));
    TiledLog oneGo = new TiledLog(new InMemoryTileStore(), 0);
    oneGo.append(entries(0, 600));
    assertThat(reopened.root()).isEqualTo(oneGo.root());
  }

  @Test
  void aPartialTileReplacedByItsFullTileIsReadFromTheFullOne() {
    InMemoryTileStore store = new InMemoryTileStore();
    TiledLog log = new TiledLog(store, 0);
    log.append(entries(0, 100));
    Hash at100 = log.root();
    log.append(entries(100, 300));
    store.delete(new TileId(0, 0, 100));
    assertThat(log.rootAt(100)).isEqualTo(at100);
  }

  @Test
  void aMissingTileIsNamed() {
    InMemoryTileStore store = new InMemoryTileStore();
    TiledLog log = new TiledLog(store, 0);
    log.append(entries(0, 300));
    store.delete(new TileId(0, 1, 44));
    assertThatThrownBy(log::root)
        .isInstanceOf(MissingHashException.class)
        .hasMessage("tile tile/0/001.p/44 of a tree of size 300 is missing");
    assertThatThrownBy(() -> log.append(entries(300, 301)))
        .isInstanceOf(MissingHashException.class)
        .hasMessage("cannot append to a tree of size 300: tile/0/001.p/44 is missing");
  }

  @Test
  void aTamperedLeafHashInATileBreaksTheProofsAndRootsThatReadIt() {
    InMemoryTileStore store = new InMemoryTileStore();
    TiledLog log = new TiledLog(store, 0);
    log.append(entries(0, 300));
    Hash root = log.root();
    Hash root255 = log.rootAt(255);
    byte[] tile = store.read(new TileId(0, 0, 256)).orElseThrow();
    tile[2 * 32] ^= 1; // leaf 2's hash
    store.write(new TileId(0, 0, 256), tile);

    assertThat(log.rootAt(255)).isNotEqualTo(root255);
    // the root of 300 reads leaves 0..255 through the level 1 tile, which still commits to them
    assertThat(log.root()).isEqualTo(root);
    List<Hash> proof = log.inclusionProof(3, 300);
    assertThatThrownBy(
            () -> ProofVerifier.verifyInclusion(3, 300, Rfc6962.leafHash(entry(3)), proof, root))
        .isInstanceOf(InvalidProofException.class)
        .extracting(e -> ((InvalidProofException) e).reason())
        .isEqualTo(InvalidProofException.Reason.ROOT_MISMATCH);
  }

  @Test
  void refusesAnEntryTooLongForItsUint16LengthPrefix() {
    TiledLog log = new TiledLog(new InMemoryTileStore(), 0);
    assertThatThrownBy(() -> log.append(List.of(new byte[65_536])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a log entry holds at most 65535 bytes (uint16 length prefix), got 65536");
    assertThat(log.size()).isZero();
  }
}
