package dev.lineage.explorer;

import dev.lineage.streams.StreamsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the explorer's endpoints need beyond the graph, each optional: {@link StreamsSettings#CAS}
 * (the content-addressed store the node panel reads training manifests from) and {@link
 * StreamsSettings#IMPACT_HTTP} (where {@code GET /v1/requests/{id}} is forwarded), declared with
 * the app's other settings.
 *
 * @param cas the content-addressed store, if any
 * @param impactHttp where to forward request status calls, if anywhere
 */
public record ExplorerOptions(Optional<Path> cas, Optional<URI> impactHttp) {
  public static ExplorerOptions none() {
    return new ExplorerOptions(Optional.empty(), Optional.empty());
  }

  /** The options these settings hold. */
  public static ExplorerOptions of(StreamsSettings settings) {
    return new ExplorerOptions(
        settings.values().optional(StreamsSettings.CAS),
        settings.values().optional(StreamsSettings.IMPACT_HTTP));
  }

  /** This, with {@code cas} when no store is set. */
  public ExplorerOptions orCas(Path cas) {
    return this.cas.isPresent() ? this : new ExplorerOptions(Optional.of(cas), impactHttp);
  }

  /** This, without forwarding: the impact service answers in the same process. */
  public ExplorerOptions withoutImpactForward() {
    return new ExplorerOptions(cas, Optional.empty());
  }
}
