package dev.lineage.bench.closure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClosureTimerTest {
  @Test
  void warmsUpThenTimesEachCall() {
    List<String> calls = new ArrayList<>();
    ClosureClient client =
        id -> {
          calls.add(id);
          return 42;
        };

    ClosureTimer.Timed timed = ClosureTimer.time(client, "source:s", 3, 7);

    assertThat(calls).hasSize(10).containsOnly("source:s");
    assertThat(timed.answer()).isEqualTo(42);
    assertThat(timed.latency().count()).isEqualTo(7);
  }

  @Test
  void aSystemThatChangesItsAnswerIsNotMeasured() {
    long[] next = {10};
    ClosureClient drifting = id -> next[0]++;

    assertThatThrownBy(() -> ClosureTimer.time(drifting, "source:s", 0, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answered 10 then 11");
  }
}
