package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeenIdsTest {
  @Test
  void aRepeatAnswersWhereTheIdWasFirstSeen() {
    SeenIds seen = new SeenIds(10);

    assertThat(seen.repeatOf("a", SeenIds.where("t", 0, 3))).isEmpty();
    assertThat(seen.repeatOf("b", SeenIds.where("t", 1, 4))).isEmpty();
    assertThat(seen.repeatOf("a", SeenIds.where("t", 2, 9))).contains("t-0@3");
    assertThat(seen.repeatOf("a", SeenIds.where("t", 0, 12))).contains("t-0@3");
    assertThat(seen.forgotAny()).isFalse();
  }

  @Test
  void beyondItsCapacityTheLeastRecentlySeenIdIsForgotten() {
    SeenIds seen = new SeenIds(2);
    seen.repeatOf("a", "t-0@0");
    seen.repeatOf("b", "t-0@1");
    seen.repeatOf("a", "t-0@2"); // a repeat: "a" is now the most recently seen

    seen.repeatOf("c", "t-0@3"); // forgets "b"

    assertThat(seen.forgotAny()).isTrue();
    assertThat(seen.repeatOf("a", "t-0@4")).contains("t-0@0");
    assertThat(seen.repeatOf("b", "t-0@5")).isEmpty();
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new SeenIds(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
