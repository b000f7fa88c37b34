package dev.lineage.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.tlog.merkle.NodeId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TilesTest {
  /** The example of c2sp.org/tlog-tiles, "Partial Tiles". */
  @Test
  void aTreeOf70000LeavesHasTheTilesTheSpecLists() {
    List<TileId> tiles = Tiles.treeTiles(70_000);
    assertThat(tiles.stream().filter(t -> t.level() == 0 && !t.isPartial())).hasSize(273);
    assertThat(tiles)
        .contains(
            new TileId(0, 273, 112),
            new TileId(1, 0, 256),
            new TileId(1, 1, 17),
            new TileId(2, 0, 1))
        .hasSize(273 + 1 + 1 + 1 + 1);
  }

  @Test
  void aTreeOf256LeavesHasAFullLevelZeroTileAndAOneWideLevelOneTile() {
    assertThat(Tiles.treeTiles(256)).containsExactly(new TileId(0, 0, 256), new TileId(1, 0, 1));
    assertThat(Tiles.treeTiles(0)).isEmpty();
  }

  @Test
  void newTilesAreExactlyTheTilesOfTheNewTreeThatTheOldTreeLacks() {
    long[] sizes = {0, 1, 2, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 70_000, 16_777_216};
    for (long oldSize : sizes) {
      for (long newSize : sizes) {
        if (newSize < oldSize) {
          continue;
        }
        Set<TileId> expected = new HashSet<>(Tiles.treeTiles(newSize));
        expected.removeAll(Tiles.treeTiles(oldSize));
        List<TileId> actual = Tiles.newTiles(oldSize, newSize);
        // set equality: AssertJ's any-order list comparison is quadratic on 65,793 tiles
        assertThat(new HashSet<>(actual)).as("%d -> %d", oldSize, newSize).isEqualTo(expected);
        assertThat(actual).as("no duplicates").hasSize(expected.size());
      }
    }
    assertThat(Tiles.newEntryBundles(255, 257))
        .containsExactly(new EntryBundleId(0, 256), new EntryBundleId(1, 1));
  }

  @Test
  void aConsistencyProofReadsOnlyTheTilesOnTheRightEdgeAndTheOldSizesPath() {
    // from 256 to 70,000: the siblings of node(8, 0) up to level 15 come from the full level 1
    // tile; MTH(D[65536:70000]) from the partial level 1 and level 0 tiles. No level 2 tile: the
    // proof never needs a complete subtree of 65,536 leaves other than the one it descends into.
    assertThat(Tiles.tilesForConsistency(256, 70_000))
        .containsExactlyInAnyOrder(
            new TileId(1, 0, 256), new TileId(1, 1, 17), new TileId(0, 273, 112));
    assertThat(Tiles.tilesForConsistency(70_000, 70_000)).isEmpty();
  }

  @Test
  void findsTheTileEachStoredHashOfAProofComesFrom() {
    long size = 70_000;
    // leaf 5's hash is entry 5 of the first full level 0 tile
    assertThat(Tiles.tileFor(new NodeId(0, 5), size)).isEqualTo(new TileId(0, 0, 256));
    // a level 3 node is folded from 8 hashes of a level 0 tile
    assertThat(Tiles.tileFor(new NodeId(3, 8739), size)).isEqualTo(new TileId(0, 273, 112));
    // level 8 is level 1 of the tiles; level 16 is level 2
    assertThat(Tiles.tileFor(new NodeId(8, 260), size)).isEqualTo(new TileId(1, 1, 17));
    assertThat(Tiles.tileFor(new NodeId(16, 0), size)).isEqualTo(new TileId(2, 0, 1));
    Set<TileId> forProof = Tiles.tilesForInclusion(69_999, size);
    assertThat(forProof)
        .containsExactlyInAnyOrder(
            new TileId(0, 273, 112), new TileId(1, 1, 17), new TileId(2, 0, 1));
  }
}
