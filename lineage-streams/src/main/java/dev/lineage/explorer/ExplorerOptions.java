package dev.lineage.explorer;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the explorer's endpoints need beyond the app's own settings, each optional.
 *
 * <table>
 *   <caption>settings (environment)</caption>
 *   <tr><th>environment</th><th>default</th><th>what</th></tr>
 *   <tr><td>LINEAGE_CAS</td><td>none ({@code lineage up}: its data directory's {@code cas})</td>
 *       <td>the content-addressed store the node panel reads training manifests from</td></tr>
 *   <tr><td>LINEAGE_IMPACT_HTTP</td><td>none</td><td>base URL of an impact-service instance;
 *       when set, {@code GET /v1/requests/{id}} is forwarded there (for an instance that does not
 *       run the impact service itself)</td></tr>
 * </table>
 *
 * @param cas the content-addressed store, if any
 * @param impactHttp where to forward request status calls, if anywhere
 */
public record ExplorerOptions(Optional<Path> cas, Optional<URI> impactHttp) {
  public static final String CAS_ENV = "LINEAGE_CAS";
  public static final String IMPACT_HTTP_ENV = "LINEAGE_IMPACT_HTTP";

  public static ExplorerOptions none() {
    return new ExplorerOptions(Optional.empty(), Optional.empty());
  }

  public static ExplorerOptions fromEnvironment(Map<String, String> env) {
    Optional<Path> cas =
        Optional.ofNullable(env.get(CAS_ENV)).filter(s -> !s.isBlank()).map(Path::of);
    Optional<URI> impact =
        Optional.ofNullable(env.get(IMPACT_HTTP_ENV))
            .filter(s -> !s.isBlank())
            .map(ExplorerOptions::httpUri);
    return new ExplorerOptions(cas, impact);
  }

  /** This, with {@code cas} when no store is set. */
  public ExplorerOptions orCas(Path cas) {
    return this.cas.isPresent() ? this : new ExplorerOptions(Optional.of(cas), impactHttp);
  }

  /** This, without forwarding: the impact service answers in the same process. */
  public ExplorerOptions withoutImpactForward() {
    return new ExplorerOptions(cas, Optional.empty());
  }

  private static URI httpUri(String text) {
    URI uri = URI.create(text.trim());
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          IMPACT_HTTP_ENV + " must be an http(s) URL such as http://impact-service-1:8080");
    }
    return uri;
  }
}
