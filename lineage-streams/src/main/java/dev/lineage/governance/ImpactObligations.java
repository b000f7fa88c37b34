package dev.lineage.governance;

import dev.lineage.api.Obligations;
import dev.lineage.api.client.LineageApiClient;
import dev.lineage.api.client.LineageApiException;
import dev.lineage.http.ApiException;
import dev.lineage.http.RequestMac;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ObligationLookup} over the impact service's {@code GET /v1/obligations?model=}, through
 * the one client, signed with the cluster secret when there is one (the impact service accepts a
 * member's MAC in place of a reader's token). Anything but an answer is a 503: a deployment is
 * never approved on an unknown obligation state.
 */
public final class ImpactObligations implements ObligationLookup {
  private final URI impact;
  private final LineageApiClient client;

  public ImpactObligations(URI impact, Optional<RequestMac> mac) {
    this.impact = impact;
    this.client =
        LineageApiClient.builder(impact)
            .connectTimeout(Duration.ofSeconds(3))
            .requestTimeout(Duration.ofSeconds(5))
            .maxAttempts(1)
            .signer(mac.<LineageApiClient.RequestSigner>map(m -> m::sign).orElse(null))
            .build();
  }

  /** The impact service asked. */
  public URI impact() {
    return impact;
  }

  @Override
  public List<Obligations.Obligation> forModel(String model) {
    try {
      Obligations answer =
          client.get("/v1/obligations", Map.of("model", model), Obligations.class).value();
      return answer.requests().stream().flatMap(r -> r.obligations().stream()).toList();
    } catch (LineageApiException e) {
      throw ApiException.unavailable(
          "the impact service at "
              + client.base()
              + " could not say whether model "
              + model
              + " has an overdue deletion obligation: "
              + e.getMessage(),
          2);
    }
  }
}
