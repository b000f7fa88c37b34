package dev.lineage.explorer;

import dev.lineage.cas.ContentStore;
import dev.lineage.http.ApiServer;
import dev.lineage.streams.LineageStreamsApp;
import dev.lineage.trust.EventVerifier;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The lineage explorer on a lineage-streams instance: the page at {@code /} (built from {@code
 * lineage-streams/explorer} into this jar) and the read-only endpoints it needs beyond the query
 * API: search, the rejected topic, the request log, a request's triggers, training manifests, and
 * on a cluster the forward of request status calls to the impact service. The page itself only ever
 * calls its own origin, so every instance serves all of it.
 */
public final class Explorer {
  private final LineageStreamsApp app;
  private final ExplorerOptions options;

  public Explorer(LineageStreamsApp app, ExplorerOptions options) {
    this.app = app;
    this.options = options;
  }

  public void mount(ApiServer api) {
    new StaticAssets(Explorer.class.getClassLoader()).mount(api);
    HostInfo self =
        app.settings()
            .applicationServer()
            .map(HostInfo::buildFromEndpoint)
            .orElse(HostInfo.unavailable());
    new SearchApi(app::streams, app::graph, self).mount(api);
    TopicTail tail = new TopicTail(app.settings().streamsConfig());
    new RejectedApi(tail, app.settings().topics().rejected().name()).mount(api);
    new RequestLogApi(tail, app.settings().topics(), this::verifier).mount(api);
    new TriggersApi(tail, app.settings().topics().retrainingTriggers().name(), this::verifier)
        .mount(api);
    new ManifestApi(options.cas().map(ContentStore::new), app::keyring).mount(api);
    options.impactHttp().ifPresent(uri -> new ImpactForward(uri).mount(api));
  }

  /** A verifier per request: the keyring it reads caches and is not thread-safe. */
  private EventVerifier verifier() {
    return new EventVerifier(app.keyring(), app.settings().clockSkew());
  }
}
