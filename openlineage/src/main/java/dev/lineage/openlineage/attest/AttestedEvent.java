package dev.lineage.openlineage.attest;

import dev.lineage.openlineage.RawEvent;
import java.util.Objects;
import java.util.Set;

/**
 * An OpenLineage event whose gateway attestation verified.
 *
 * @param event the exact bytes the gateway received, as signed
 * @param source the authenticated source the gateway vouched for (e.g. {@code http:acme-airflow},
 *     {@code kafka:openlineage.events})
 * @param gatewayKeyIds the trusted gateway keys whose signatures verified
 */
public record AttestedEvent(RawEvent event, String source, Set<String> gatewayKeyIds) {
  public AttestedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
    gatewayKeyIds = Set.copyOf(gatewayKeyIds);
  }
}
