package dev.lineage.api;

import java.util.Map;

/**
 * The answer to lineage-streams' {@code GET /v1/folded?before=T}: whether the fold has taken in
 * every artifact and run record appended to its input topics before the broker time {@code T},
 * through every repartition hop (the read-after-write barrier impact-service waits for before it
 * decides a request appended at {@code T}).
 *
 * @param before the barrier's time, epoch milliseconds (a broker append time)
 * @param met true once everything appended before {@code before} is folded and committed
 * @param stage how far the check got: {@code 0} the input topics, {@code 1..hops} the repartition
 *     rounds; {@code hops + 1} when met
 * @param behind for a barrier not met: the partitions (as {@code topic-partition}) whose committed
 *     offset is short of the target of the current stage, with how many offsets short; or, for a
 *     {@code before} ahead of the answering instance's clock, {@link #CLOCK} with how many
 *     milliseconds ahead (such a barrier is not yet until that clock passes it)
 */
public record Folded(long before, boolean met, int stage, Map<String, Long> behind) {
  /** The {@code behind} entry of a barrier time ahead of the answering instance's clock. */
  public static final String CLOCK = "clock";
}
