package dev.lineage.obligations;

import dev.lineage.avro.Role;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import java.util.List;
import java.util.Map;

/**
 * The events of the obligation loop: all on {@link Topics#obligations()}, keyed by request id, each
 * signed by one role.
 *
 * <table>
 *   <caption>signers</caption>
 *   <tr><th>event</th><th>role</th><th>who</th></tr>
 *   <tr><td>RetrainingCompleted</td><td>PRODUCER</td><td>the retraining orchestrator (a
 *       pipeline)</td></tr>
 *   <tr><td>ImpactAssessed</td><td>APPROVER</td><td>a reviewer who did not produce the
 *       model</td></tr>
 *   <tr><td>RecordListErased</td><td>IMPACT_SERVICE</td><td>the impact service, which destroys
 *       the list once the request is fulfilled</td></tr>
 *   <tr><td>SnapshotErased</td><td>IMPACT_SERVICE</td><td>the impact service, which tombstones
 *       the affected snapshots</td></tr>
 *   <tr><td>PredictionInvalidated</td><td>PRODUCER</td><td>the pipeline that published the
 *       prediction artifact: the impact service accepts it only from the very key that registered
 *       the prediction, so no other producer can close an obligation that is not theirs</td></tr>
 * </table>
 */
public final class ObligationEvents {
  /** The signing role of each event of the obligations topic. */
  public static final Map<EventType<?>, Role> SIGNER_ROLES =
      Map.of(
          EventType.RETRAINING_COMPLETED, Role.PRODUCER,
          EventType.IMPACT_ASSESSED, Role.APPROVER,
          EventType.RECORD_LIST_ERASED, Role.IMPACT_SERVICE,
          EventType.SNAPSHOT_ERASED, Role.IMPACT_SERVICE,
          EventType.PREDICTION_INVALIDATED, Role.PRODUCER);

  /** The events of the obligations topic, in a fixed order. */
  public static final List<EventType<?>> TYPES =
      List.of(
          EventType.RETRAINING_COMPLETED,
          EventType.IMPACT_ASSESSED,
          EventType.RECORD_LIST_ERASED,
          EventType.SNAPSHOT_ERASED,
          EventType.PREDICTION_INVALIDATED);

  private ObligationEvents() {}

  public static TopicSpec topic(Topics topics) {
    return topics.obligations();
  }

  /**
   * The role that must sign {@code type}.
   *
   * @throws IllegalArgumentException if it is not an event of the obligations topic
   */
  public static Role signerRole(EventType<?> type) {
    Role role = SIGNER_ROLES.get(type);
    if (role == null) {
      throw new IllegalArgumentException(type + " is not an event of the obligations topic");
    }
    return role;
  }
}
