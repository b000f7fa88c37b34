package dev.lineage.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A verified retraining trigger as {@code GET /v1/triggers} lists it: what it asks of which model,
 * the paths from the request's subject to the model, the decision and its rule, who signed it,
 * when, and where it sits on the triggers topic. Optional fields are left out when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoggedTrigger(
    String triggerId,
    String requestId,
    String cause,
    String modelId,
    String modelName,
    String trainingRunId,
    List<List<Step>> paths,
    String action,
    String rule,
    Double affectedFraction,
    Long recordCount,
    String deadline,
    String signedAt,
    String appendedAt,
    String signer,
    int partition,
    long offset) {

  /** One node of a path: its id, and its name when it has one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(String id, String name) {}
}
