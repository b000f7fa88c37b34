package dev.lineage.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lineage.api.Folded;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FoldBarrierTest {
  private static final TopicPartition A0 = new TopicPartition("artifacts", 0);
  private static final TopicPartition R0 = new TopicPartition("runs", 0);
  private static final TopicPartition N0 = new TopicPartition("app-claims-by-name-repartition", 0);
  private static final TopicPartition G0 = new TopicPartition("app-graph-ops-repartition", 0);

  /** Offsets as a test sets them; counts what the barrier asked. */
  private static final class Offsets implements FoldOffsets {
    final Map<TopicPartition, Long> at = new HashMap<>();
    final Map<TopicPartition, Long> ends = new HashMap<>();
    final Map<TopicPartition, Long> committed = new HashMap<>();
    // offsets that hold a record a read_committed reader would see
    final Map<TopicPartition, List<Long>> readable = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    boolean down;

    @Override
    public Map<TopicPartition, Long> offsetsAt(Collection<String> topics, long time) {
      calls.add("at " + time);
      up();
      Map<TopicPartition, Long> out = new HashMap<>();
      at.forEach(
          (tp, o) -> {
            if (topics.contains(tp.topic())) {
              out.put(tp, o);
            }
          });
      return out;
    }

    @Override
    public Map<TopicPartition, Long> ends(Collection<String> topics) {
      calls.add("ends");
      up();
      Map<TopicPartition, Long> out = new HashMap<>();
      ends.forEach(
          (tp, o) -> {
            if (topics.contains(tp.topic())) {
              out.put(tp, o);
            }
          });
      return out;
    }

    @Override
    public Map<TopicPartition, Long> committed() {
      calls.add("committed");
      up();
      return Map.copyOf(committed);
    }

    @Override
    public boolean nothingToRead(TopicPartition partition, long from, long to) {
      calls.add("read " + partition + " " + from + ".." + to);
      return readable.getOrDefault(partition, List.of()).stream()
          .noneMatch(o -> o >= from && o < to);
    }

    private void up() {
      if (down) {
        throw new FoldOffsetsUnavailable("broker down", null);
      }
    }
  }

  private final Offsets offsets = new Offsets();
  private final FoldBarrier barrier =
      new FoldBarrier(
          offsets,
          List.of("artifacts", "runs"),
          List.of("app-claims-by-name-repartition", "app-graph-ops-repartition"),
          2);

  private void everythingAt(long a, long r, long n, long g) {
    offsets.at.put(A0, a);
    offsets.at.put(R0, r);
    offsets.ends.put(N0, n);
    offsets.ends.put(G0, g);
  }

  @Test
  void notMetUntilTheInputsOffsetsForTheTimeAreCommittedThenEachRepartitionRound() {
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 9L, R0, 5L, N0, 7L, G0, 20L));

    Folded first = barrier.check(1_000);
    assertThat(first.met()).isFalse();
    assertThat(first.stage()).isZero();
    assertThat(first.behind()).containsExactly(Map.entry("artifacts-0", 1L));

    offsets.committed.put(A0, 10L);
    // stage 0 met; the repartitions' ends are read now, and reached: both rounds met
    Folded second = barrier.check(1_000);
    assertThat(second.met()).isTrue();
    assertThat(second.stage()).isEqualTo(3);
  }

  @Test
  void theRepartitionEndsAreReadOnlyAfterTheInputsAreMetAndKeptAcrossChecks() {
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 4L, N0, 7L, G0, 20L));

    assertThat(barrier.check(1_000).met()).isFalse();
    assertThat(offsets.calls).doesNotContain("ends");

    // the inputs are met; what they wrote is on the repartitions now
    offsets.committed.put(R0, 5L);
    offsets.ends.put(N0, 9L);
    offsets.readable.put(N0, List.of(7L, 8L));
    Folded round1 = barrier.check(1_000);
    assertThat(round1.met()).isFalse();
    assertThat(round1.stage()).isEqualTo(1);
    assertThat(round1.behind()).containsExactly(Map.entry("app-claims-by-name-repartition-0", 2L));

    // a steady load writes more; the round's targets are the ones read when it began
    offsets.ends.put(N0, 50L);
    offsets.ends.put(G0, 80L);
    offsets.committed.put(N0, 9L);
    Folded round2 = barrier.check(1_000);
    // round 1 met; round 2 reads the ends again (the claims written since may feed graph-ops)
    assertThat(round2.met()).isFalse();
    assertThat(round2.stage()).isEqualTo(2);
    assertThat(round2.behind())
        .containsOnly(
            Map.entry("app-claims-by-name-repartition-0", 41L),
            Map.entry("app-graph-ops-repartition-0", 60L));

    offsets.ends.put(N0, 99L);
    offsets.committed.put(N0, 50L);
    offsets.committed.put(G0, 80L);
    assertThat(barrier.check(1_000).met()).isTrue();
  }

  @Test
  void aBarrierMetForATimeIsMetForEveryEarlierTimeWithoutAskingAgain() {
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 7L, G0, 20L));
    assertThat(barrier.check(2_000).met()).isTrue();
    int asked = offsets.calls.size();

    assertThat(barrier.check(1_999).met()).isTrue();
    assertThat(barrier.check(2_000).met()).isTrue();
    assertThat(offsets.calls).hasSize(asked);
    assertThat(barrier.metBefore()).isEqualTo(2_000);

    offsets.at.put(A0, 11L);
    offsets.readable.put(A0, List.of(10L));
    assertThat(barrier.check(2_001).met()).isFalse();
  }

  @Test
  void aGroupThatMakesNoProgressNeverMeetsTheBarrier() {
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 3L, R0, 5L, N0, 7L, G0, 20L));
    offsets.readable.put(A0, List.of(3L, 4L, 9L));
    for (int i = 0; i < 20; i++) {
      assertThat(barrier.check(1_000).met()).isFalse();
    }
    // from the second check on it is stalled, so it looked: there are records to fold
    assertThat(offsets.calls).contains("read artifacts-0 3..10");
  }

  @Test
  void aPartitionNeverCommittedIsAtItsStart() {
    everythingAt(10, 0, 7, 20);
    offsets.committed.putAll(Map.of(A0, 10L, N0, 7L, G0, 20L));
    // runs-0 holds nothing before the time: its target is 0, met by no commit at all
    assertThat(barrier.check(1_000).met()).isTrue();

    offsets.at.put(R0, 2L);
    offsets.readable.put(R0, List.of(0L, 1L));
    assertThat(barrier.check(1_001).met()).isFalse();
    assertThat(barrier.check(1_001).behind()).containsExactly(Map.entry("runs-0", 2L));
  }

  @Test
  void onlyMarkersLeftBeforeTheTargetMeetIt() {
    // the group committed 19 (after the last record it processed); 19 is a commit marker
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 7L, G0, 19L));
    assertThat(barrier.check(1_000).met()).isFalse();
    assertThat(offsets.calls).noneMatch(c -> c.startsWith("read"));
    // nothing moved since: read once, found nothing to fold between 19 and 20
    assertThat(barrier.check(1_000).met()).isTrue();
    assertThat(offsets.calls).contains("read app-graph-ops-repartition-0 19..20");
  }

  @Test
  void aPartitionStillMovingIsNotReadForMarkers() {
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 5L, R0, 2L, N0, 7L, G0, 20L));
    barrier.check(1_000);
    offsets.committed.put(R0, 3L);
    assertThat(barrier.check(1_000).met()).isFalse();
    // artifacts-0 stalled but runs-0 moves: the fold is at work, nothing is read
    assertThat(offsets.calls).noneMatch(c -> c.startsWith("read"));
  }

  @Test
  void anUnreachableClusterIsUnavailableNotMet() {
    everythingAt(10, 5, 7, 20);
    offsets.down = true;
    assertThatThrownBy(() -> barrier.check(1_000))
        .isInstanceOf(FoldOffsets.FoldOffsetsUnavailable.class);
    offsets.down = false;
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 7L, G0, 20L));
    assertThat(barrier.check(1_000).met()).isTrue();
  }

  @Test
  void aFloodOfOtherTimesDoesNotKeepABarrierFromBeingMet() {
    // a steady load: every check finds the repartitions' ends moved on, and the fold one check
    // behind them (it commits what was there at the previous check)
    everythingAt(10, 5, 100, 100);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 90L, G0, 90L));
    offsets.readable.put(N0, java.util.stream.LongStream.range(0, 10_000).boxed().toList());
    offsets.readable.put(G0, java.util.stream.LongStream.range(0, 10_000).boxed().toList());
    boolean met = false;
    for (int round = 0; round < 20 && !met; round++) {
      met = barrier.check(1_000).met();
      // between two of the request's checks, a reader asks 200 other past times
      for (int t = 0; t < 200; t++) {
        barrier.check(1_001 + round * 1_000 + t);
      }
      long n = offsets.ends.get(N0);
      long g = offsets.ends.get(G0);
      offsets.committed.put(N0, n);
      offsets.committed.put(G0, g);
      offsets.ends.put(N0, n + 10);
      offsets.ends.put(G0, g + 10);
    }
    // met within a few rounds of the fold's progress, not chased for ever
    assertThat(met).isTrue();
  }

  @Test
  void aRoundUnderWayIsNotReplacedByLaterTimesAndServesEveryTimeUpToItsOwn() {
    everythingAt(10, 5, 100, 100);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 90L, G0, 100L));
    // records, not only markers, wait to be folded there
    offsets.readable.put(N0, java.util.stream.LongStream.range(0, 1_000).boxed().toList());
    offsets.readable.put(G0, java.util.stream.LongStream.range(0, 1_000).boxed().toList());
    assertThat(barrier.check(1_000).met()).isFalse();
    long snapshots = offsets.calls.stream().filter("ends"::equals).count();
    // later times meet stage 0 too, but the round for claims-by-name stays the one under way
    offsets.ends.put(N0, 500L);
    for (int t = 1_001; t < 1_100; t++) {
      assertThat(barrier.check(t).stage()).isEqualTo(1);
    }
    assertThat(offsets.calls.stream().filter("ends"::equals).count()).isEqualTo(snapshots);
    assertThat(barrier.check(1_000).behind())
        .containsExactly(Map.entry("app-claims-by-name-repartition-0", 10L));

    // the fold reaches the round's targets: 1,000 goes on to the last round, taken now
    offsets.committed.put(N0, 100L);
    Folded first = barrier.check(1_000);
    assertThat(first.stage()).isEqualTo(2);
    assertThat(first.behind()).containsExactly(Map.entry("app-claims-by-name-repartition-0", 400L));
    // 1,099's stage 0 was met after that first round was taken: it needs a round of its own
    Folded later = barrier.check(1_099);
    assertThat(later.stage()).isEqualTo(1);
    assertThat(later.behind()).containsExactly(Map.entry("app-claims-by-name-repartition-0", 400L));

    offsets.committed.put(N0, 500L);
    offsets.committed.put(G0, 500L);
    offsets.ends.put(G0, 500L);
    assertThat(barrier.check(1_099).met()).isTrue();
    assertThat(barrier.check(1_000).met()).isTrue();
  }

  @Test
  void aTimeAheadOfTheClockIsNotYetAndDoesNotMarkEarlierTimesMet() {
    long[] now = {5_000};
    FoldBarrier clocked =
        new FoldBarrier(
            offsets,
            List.of("artifacts", "runs"),
            List.of("app-claims-by-name-repartition", "app-graph-ops-repartition"),
            2,
            () -> now[0]);
    // everything currently appended is folded: a barrier for a past time is met at once
    everythingAt(10, 5, 7, 20);
    offsets.committed.putAll(Map.of(A0, 10L, R0, 5L, N0, 7L, G0, 20L));

    // a caller asks for a time far ahead (the current ends would satisfy it)
    Folded future = clocked.check(9_000_000);
    assertThat(future.met()).isFalse();
    assertThat(future.behind()).containsExactly(Map.entry(Folded.CLOCK, 8_995_000L));
    assertThat(offsets.calls).isEmpty();

    // a record appended now (at 5,000) is not folded yet: the barrier for 5,001 must wait for it
    offsets.at.put(A0, 11L);
    now[0] = 5_001;
    assertThat(clocked.check(5_001).met()).isFalse();
    offsets.committed.put(A0, 11L);
    assertThat(clocked.check(5_001).met()).isTrue();

    // once the clock has passed it, the far time is judged like any other
    now[0] = 9_000_000;
    assertThat(clocked.check(9_000_000).met()).isTrue();
  }
}
