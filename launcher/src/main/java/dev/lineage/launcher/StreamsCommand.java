package dev.lineage.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one lineage-streams instance on a Kafka cluster: verification, the graph fold into"
          + " RocksDB and the query API. Run several with the same topics to scale out.",
      "Prints one line beginning 'ready:' once it runs; stops cleanly on SIGINT/SIGTERM."
    })
final class StreamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ServiceOptions service;

  @Override
  public Integer call() throws Exception {
    return Foreground.serve(
        service.settings(LocalStack.App.STREAMS), spec.commandLine().getOut(), stack -> {});
  }
}
