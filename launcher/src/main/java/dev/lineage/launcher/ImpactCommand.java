package dev.lineage.launcher;

import dev.lineage.impact.ImpactSettings;
import dev.lineage.settings.SettingValues;
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
              + " any one answers any query; one that cannot answer hands the call to the next."
              + " Required.")
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
              + " retrained (env LINEAGE_IMPACT_ASSESS_THRESHOLD; default 0.001).")
  Double assessThreshold;

  @Override
  public Integer call() throws Exception {
    // the options above map 1:1 onto ImpactSettings' declarations, which read them (and the
    // environment, and --settings FILE) in one order
    SettingValues values = service.appValues(LocalStack.App.IMPACT);
    if (!values.isSet(ImpactSettings.LINEAGE_HTTP)) {
      throw new ParameterException(
          spec.commandLine(), "--lineage-http (or LINEAGE_STREAMS_HTTP) is required");
    }
    return Foreground.serve(
        service.settings(LocalStack.App.IMPACT, values), spec.commandLine().getOut(), s -> {});
  }
}
