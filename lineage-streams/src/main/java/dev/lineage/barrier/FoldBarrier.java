package dev.lineage.barrier;

import dev.lineage.api.Folded;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The read-after-write barrier of the fold: {@link #check(long)} answers whether every artifact and
 * run record appended to the input topics before a broker time {@code T} has been folded, its
 * output committed, through every repartition hop.
 *
 * <p>Stage 0: the input topics' offsets for {@code T} (the first record appended at or after it;
 * the topics use LogAppendTime, so offsets are in time order; a partition without one: its end)
 * must be reached by the group's committed offsets. Under exactly_once_v2 a committed offset means
 * the records before it were processed and what they wrote (repartition records, store changelogs)
 * was committed in the same transaction. Stages 1..hops: once the previous stage is met, the
 * repartition topics' end offsets are snapshot and must be reached too; one round per hop of the
 * longest chain of repartitions (inputs → claims-by-name → graph-ops: two), since a record the
 * first round waited for may write the next hop's record only when it is processed.
 *
 * <p>End offsets are the high watermark, not the read_committed end: the latter stops at the first
 * open transaction, and a committed transaction written after it would be missed. A committed
 * offset can stop short of the high watermark when only transaction markers or aborted records
 * follow it; a partition short of its target whose committed offset has not moved since the last
 * check is read once (read_committed) to see whether anything is left to fold there.
 *
 * <p>Nothing here waits: a check answers "not yet" and the caller asks again. The rounds' snapshots
 * are shared by every caller, not kept per time asked: each stage has at most one snapshot under
 * way, taken when a check first needs it, and it is not replaced until it is met. A snapshot taken
 * once stage {@code s - 1} is met for every time up to {@code c} bounds everything those times
 * wrote to the repartitions, so it serves every time up to {@code c}; a time beyond it waits for it
 * to be met, then the next snapshot serves it. So a barrier is met after at most two rounds of the
 * fold's progress per stage, whatever else is asked meanwhile: a reader flooding the endpoint with
 * other times cannot make a request's barrier chase a steady load (which a fresh snapshot per call,
 * or per-time progress evicted by other times, would). A met barrier for {@code T} is met for every
 * earlier time. A group that does not progress never meets a barrier: it is not yet, never yes.
 *
 * <p>A time ahead of this instance's clock is not yet either, until the clock passes it: stage 0's
 * offsets for {@code T} are only a bound on "appended before T" once {@code T} is past (records
 * appended later carry later times). Otherwise any caller of the read API could ask for a time far
 * in the future, have it met by the current end offsets, and so mark every earlier time met — the
 * barrier switched off for every request until then.
 */
public final class FoldBarrier {
  private final FoldOffsets offsets;
  private final LongSupplier clock;
  private final List<String> inputs;
  private final List<String> repartitions;
  private final int hops;
  private long metBefore = Long.MIN_VALUE;
  // per stage: every time up to this is known met through the stage (monotone)
  private final long[] metThrough;
  // per stage from 1: the snapshot under way, or null
  private final Snapshot[] underWay;
  // each partition's committed offset when a check last looked at it
  private final Map<TopicPartition, Long> lastAt = new HashMap<>();

  /** A round's targets, and the latest time they serve. */
  private record Snapshot(long serves, Map<TopicPartition, Long> targets) {}

  /**
   * @param inputs the topics whose records the fold takes in (artifacts, runs)
   * @param repartitions the repartition topics between them and the fold
   * @param hops the longest chain of repartitions a record travels
   */
  public FoldBarrier(
      FoldOffsets offsets, List<String> inputs, List<String> repartitions, int hops) {
    this(offsets, inputs, repartitions, hops, System::currentTimeMillis);
  }

  /** As above, judging "in the future" by {@code clock} (epoch ms). */
  FoldBarrier(
      FoldOffsets offsets,
      List<String> inputs,
      List<String> repartitions,
      int hops,
      LongSupplier clock) {
    this.offsets = Objects.requireNonNull(offsets, "offsets");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inputs = List.copyOf(inputs);
    this.repartitions = List.copyOf(repartitions);
    if (hops < 0 || (hops > 0 && repartitions.isEmpty())) {
      throw new IllegalArgumentException("hops must be >= 0, and 0 without repartitions");
    }
    this.hops = hops;
    this.metThrough = new long[hops + 1];
    java.util.Arrays.fill(metThrough, Long.MIN_VALUE);
    this.underWay = new Snapshot[hops + 1];
  }

  /**
   * Whether everything appended before {@code before} (epoch ms, broker time) is folded.
   *
   * @throws FoldOffsets.FoldOffsetsUnavailable when the cluster cannot be asked now
   */
  public synchronized Folded check(long before) {
    if (before <= metBefore) {
      return new Folded(before, true, hops + 1, Map.of());
    }
    long now = clock.getAsLong();
    if (before > now) {
      // not yet, and nothing remembered for it: see the class comment
      return new Folded(before, false, 0, Map.of(Folded.CLOCK, before - now));
    }
    Map<TopicPartition, Long> committed = offsets.committed();
    if (before > metThrough[0]) {
      Map<String, Long> behind = behind(offsets.offsetsAt(inputs, before), committed);
      if (!behind.isEmpty()) {
        return new Folded(before, false, 0, behind);
      }
      metThrough[0] = before;
    }
    for (int stage = 1; stage <= hops; stage++) {
      // at most twice: a round under way that serves earlier times only, then one that serves this
      while (before > metThrough[stage]) {
        Snapshot round = underWay[stage];
        if (round == null) {
          // taken now, after the previous stage was met for every time it serves (this one too)
          round = new Snapshot(metThrough[stage - 1], offsets.ends(repartitions));
          underWay[stage] = round;
        }
        Map<String, Long> behind = behind(round.targets(), committed);
        if (!behind.isEmpty()) {
          return new Folded(before, false, stage, behind);
        }
        metThrough[stage] = Math.max(metThrough[stage], round.serves());
        underWay[stage] = null;
      }
    }
    metBefore = Math.max(metBefore, metThrough[hops]);
    return new Folded(before, true, hops + 1, Map.of());
  }

  /** The highest time known met (every earlier one is met too); {@code Long.MIN_VALUE}: none. */
  public synchronized long metBefore() {
    return metBefore;
  }

  private Map<String, Long> behind(
      Map<TopicPartition, Long> targets, Map<TopicPartition, Long> committed) {
    Map<String, Long> behind = new LinkedHashMap<>();
    Map<TopicPartition, Long> stalled = new HashMap<>();
    for (Map.Entry<TopicPartition, Long> e : targets.entrySet()) {
      long target = e.getValue();
      long at = committed.getOrDefault(e.getKey(), 0L);
      if (at >= target) {
        continue;
      }
      Long before = lastAt.put(e.getKey(), at);
      if (before != null && before == at) {
        stalled.put(e.getKey(), at);
      }
      behind.put(e.getKey().toString(), target - at);
    }
    if (behind.size() == stalled.size()) {
      // only partitions that did not move since the last check: maybe only markers are left
      for (Map.Entry<TopicPartition, Long> s : stalled.entrySet()) {
        if (offsets.nothingToRead(s.getKey(), s.getValue(), targets.get(s.getKey()))) {
          behind.remove(s.getKey().toString());
        }
      }
    }
    return behind;
  }
}
