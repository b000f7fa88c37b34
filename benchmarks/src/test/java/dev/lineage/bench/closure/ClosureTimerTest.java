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

  @Test
  void aClassWarmUpCallsEveryStartRoundRobinAndAtLeastOnce() {
    List<String> calls = new ArrayList<>();
    ClosureClient client =
        id -> {
          calls.add(id);
          return id.length();
        };
    List<ClosureSelector.Start> starts =
        List.of(
            new ClosureSelector.Start(0, "source:a", "SOURCE", 1, false),
            new ClosureSelector.Start(1, "source:bb", "SOURCE", 1, false));

    int made = ClosureTimer.warmClass(client, starts, 0);

    assertThat(made).isEqualTo(2);
    assertThat(calls).containsExactly("source:a", "source:bb");

    calls.clear();
    int longer = ClosureTimer.warmClass(client, starts, 0.05);
    assertThat(longer).isEqualTo(calls.size()).isGreaterThanOrEqualTo(2).isEven();
    for (int i = 0; i < calls.size(); i++) {
      assertThat(calls.get(i)).isEqualTo(i % 2 == 0 ? "source:a" : "source:bb");
    }
  }

  @Test
  void aWarmUpRefusesASystemThatChangesItsAnswer() {
    long[] next = {10};
    ClosureClient drifting = id -> next[0]++;
    List<ClosureSelector.Start> one =
        List.of(new ClosureSelector.Start(0, "source:s", "SOURCE", 1, false));

    assertThatThrownBy(() -> ClosureTimer.warmClass(drifting, one, 60))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answered 10 then 11");
  }
}
