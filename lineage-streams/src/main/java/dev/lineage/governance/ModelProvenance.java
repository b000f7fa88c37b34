package dev.lineage.governance;

import dev.lineage.query.Direction;
import dev.lineage.query.GraphNode;
import dev.lineage.query.GraphReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the lineage graph states about where a model came from, as the gate needs it: the runs that
 * output it (their signer and the manifest digest each states), and who registered each manifest
 * digest as an artifact.
 *
 * @param runs the runs whose outputs include the model
 * @param registrants manifest digest to the key that registered it as an artifact, when registered
 * @param gatewayRuns runs that output the model by a gateway's attestation only (OpenLineage):
 *     never producing runs for the gate
 */
public record ModelProvenance(
    List<ProducingRun> runs, Map<String, String> registrants, List<String> gatewayRuns) {
  /** A run that output the model; {@code manifestDigest} is null when the run states none. */
  public record ProducingRun(String run, String signer, String manifestDigest) {}

  /** The attribute under which a run node carries its manifest digest ({@code LocalGraph}). */
  static final String MANIFEST_ATTRIBUTE = "manifest";

  public ModelProvenance {
    runs = List.copyOf(runs);
    registrants = Map.copyOf(registrants);
    gatewayRuns = List.copyOf(gatewayRuns);
  }

  /** Provenance with producer-signed runs only. */
  public ModelProvenance(List<ProducingRun> runs, Map<String, String> registrants) {
    this(runs, registrants, List.of());
  }

  /**
   * Reads the provenance of {@code model}: its upstream runs, then the registrations of their
   * manifests and of {@code reviewedManifests} (the manifests the approvals name), in two batched
   * reads after the first.
   */
  public static ModelProvenance read(
      GraphReader graph, String model, Collection<String> reviewedManifests) {
    // Only a producer-signed edge makes a producing run: a gateway attestation says who sent a
    // statement, not who ran it, so it cannot satisfy separation of duties. Runs that only a
    // gateway attested are kept apart, to say why.
    List<String> runIds = graph.signedNeighbors(List.of(model), Direction.UPSTREAM).get(model);
    List<String> gatewayRuns =
        new ArrayList<>(
            graph.neighbors(List.of(model), Direction.UPSTREAM).getOrDefault(model, List.of()));
    if (runIds != null) {
      gatewayRuns.removeAll(runIds);
    }
    List<ProducingRun> runs = new ArrayList<>();
    Set<String> manifests = new LinkedHashSet<>(reviewedManifests);
    if (runIds != null && !runIds.isEmpty()) {
      Map<String, GraphNode> nodes = graph.nodes(runIds);
      for (String id : runIds) {
        GraphNode run = nodes.get(id);
        String signer = run == null ? null : run.signer();
        String manifest = run == null ? null : run.attributes().get(MANIFEST_ATTRIBUTE);
        runs.add(new ProducingRun(id, signer, manifest));
        if (manifest != null) {
          manifests.add(manifest);
        }
      }
    }
    Map<String, String> registrants = new LinkedHashMap<>();
    if (!manifests.isEmpty()) {
      graph
          .nodes(manifests)
          .forEach(
              (id, node) -> {
                if (node.registered() && node.signer() != null) {
                  registrants.put(id, node.signer());
                }
              });
    }
    return new ModelProvenance(runs, registrants, gatewayRuns);
  }
}
