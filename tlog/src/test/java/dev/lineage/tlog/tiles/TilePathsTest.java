package dev.lineage.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Paths from c2sp.org/tlog-tiles ("index 1234067 will be encoded as x001/x234/067") and the index
 * groupings of Go's golang.org/x/mod/sumdb/tlog {@code tlog_test.go} {@code tilePaths} (whose
 * {@code tile/H/L/...} paths carry a height element C2SP dropped; only N's spelling is reused).
 */
class TilePathsTest {
  @Test
  void encodesTheIndexInThreeDigitGroupsWithXOnAllButTheLast() {
    assertThat(new TileId(0, 1234067, 256).path()).isEqualTo("tile/0/x001/x234/067");
    assertThat(new TileId(3, 123456078, 256).path()).isEqualTo("tile/3/x123/x456/078");
    assertThat(new TileId(1, 3057500, 2).path()).isEqualTo("tile/1/x003/x057/500.p/2");
    assertThat(new TileId(4, 1, 5).path()).isEqualTo("tile/4/001.p/5");
    assertThat(new TileId(0, 0, 256).path()).isEqualTo("tile/0/000");
    assertThat(new TileId(2, 1000, 256).path()).isEqualTo("tile/2/x001/000");
    assertThat(new EntryBundleId(1234067, 256).path()).isEqualTo("tile/entries/x001/x234/067");
    assertThat(new EntryBundleId(5, 17).path()).isEqualTo("tile/entries/005.p/17");
  }

  @Test
  void parsesWhatItWrites() {
    assertThat(TileResource.parse("tile/0/x001/x234/067")).isEqualTo(new TileId(0, 1234067, 256));
    assertThat(TileResource.parse("tile/1/x003/x057/500.p/2")).isEqualTo(new TileId(1, 3057500, 2));
    assertThat(TileResource.parse("tile/entries/005.p/17")).isEqualTo(new EntryBundleId(5, 17));
    assertThat(TileResource.parse("tile/63/999")).isEqualTo(new TileId(63, 999, 256));
    long big = Long.MAX_VALUE / 256;
    TileId t = new TileId(0, big, 1);
    assertThat(TileResource.parse(t.path())).isEqualTo(t);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tile/3/123/456/078", // elements before the last need an x
        "tile/3/-1/123/456/078",
        "tile/0/x000/001", // 1 is 001: a leading zero group is not canonical
        "tile/0/01",
        "tile/0/0001",
        "tile/00/001",
        "tile/64/001",
        "tile/0/001.p/0",
        "tile/0/001.p/256", // a full tile has no .p suffix
        "tile/0/001.p/07",
        "tile/0/x001",
        "tile/data/001",
        "tile/entries",
        "tiles/0/001",
        "tile/0/001/",
        "tile/0/0a1"
      })
  void refusesEveryNonCanonicalOrInvalidPath(String path) {
    assertThatThrownBy(() -> TileResource.parse(path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tile path \"" + path + "\" ");
  }

  @Test
  void namesTheCanonicalSpellingWhenRefusing() {
    assertThatThrownBy(() -> TileResource.parse("tile/0/x000/001"))
        .hasMessage(
            "tile path \"tile/0/x000/001\" is not canonical; the canonical path is tile/0/001");
  }
}
