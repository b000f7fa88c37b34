package dev.lineage.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "impact",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one impact-service instance on a Kafka cluster: signed deletion requests and bug reports"
          + " become one retraining trigger per affected model and one impact report, exactly once."
          + " Run several with the same topics to scale out.",
      "Prints one line beginning 'ready:' once it runs; stops cleanly on SIGINT/SIGTERM."
    })
final class ImpactCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServiceOptions service;

  @Option(
      names = "--lineage-http",
      paramLabel = "HOST:PORT|URL",
      defaultValue = "${env:LINEAGE_STREAMS_HTTP}",
      split = ",",
      description =
          "lineage-streams instance(s) to walk the graph through (env LINEAGE_STREAMS_HTTP);"
              + " any one answers any query, the first is asked. Required.")
  String[] lineageHttp;

  @Option(
      names = "--service-key",
      paramLabel = "KEY",
      defaultValue = "${env:LINEAGE_SERVICE_KEY}",
      description =
          "The service's own private key, signing triggers and reports (env LINEAGE_SERVICE_KEY);"
              + " default: made once under the data directory.")
  Path serviceKey;

  @Option(
      names = "--admin-key",
      paramLabel = "KEY",
      defaultValue = "${env:LINEAGE_ADMIN_KEY}",
      description =
          "A root or ADMIN private key that grants the service key IMPACT_SERVICE at start (env"
              + " LINEAGE_ADMIN_KEY); without it the service key must be granted already.")
  Path adminKey;

  @Option(
      names = "--cas",
      paramLabel = "DIR",
      defaultValue = "${env:LINEAGE_CAS}",
      description =
          "Content-addressed store holding training manifests, for the differential-privacy rule"
              + " (env LINEAGE_CAS); without a readable manifest the action is RETRAIN.")
  Path cas;

  @Option(
      names = "--assess-threshold",
      paramLabel = "FRACTION",
      description =
          "Affected fraction under which a model with a DP guarantee is ASSESSed instead of"
              + " retrained (default 0.001).")
  Double assessThreshold;

  /**
   * An environment variable set but empty (a compose override switching a key off) means unset, not
   * the working directory.
   */
  private static Path unlessBlank(Path path) {
    return path == null || path.toString().isBlank() ? null : path;
  }

  @Override
  public Integer call() throws Exception {
    if (lineageHttp == null || lineageHttp.length == 0 || lineageHttp[0].isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--lineage-http (or LINEAGE_STREAMS_HTTP) is required");
    }
    URI first;
    try {
      String text = lineageHttp[0].trim();
      // the compose file names peers as host:port, as Kafka Streams' application.server does
      first = CommandLineApi.baseUrl(text.contains("://") ? text : "http://" + text);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--lineage-http: " + e.getMessage());
    }
    LocalStack.ImpactOptions impact =
        new LocalStack.ImpactOptions(
            first,
            unlessBlank(serviceKey),
            unlessBlank(adminKey),
            unlessBlank(cas),
            assessThreshold);
    return Foreground.serve(
        service.settings(LocalStack.App.IMPACT, impact), spec.commandLine().getOut(), s -> {});
  }
}
