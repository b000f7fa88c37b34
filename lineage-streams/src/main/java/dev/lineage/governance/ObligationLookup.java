package dev.lineage.governance;

import dev.lineage.api.Obligations;
import java.util.List;

/**
 * A model's deletion obligations, as the impact service judges them (issue 14): lineage-streams
 * does not fold the obligations itself, it asks the service that does, so the gate and {@code GET
 * /v1/obligations} can never disagree.
 */
@FunctionalInterface
public interface ObligationLookup {
  /**
   * Every obligation of {@code model}, open or closed, with its status at the impact service's now.
   *
   * @throws dev.lineage.http.ApiException 503 when the impact service cannot say (the gate never
   *     answers without knowing)
   */
  List<Obligations.Obligation> forModel(String model);
}
