package dev.lineage.launcher;

import dev.lineage.broker.BrokerStartException;
import dev.lineage.broker.EmbeddedKafkaBroker;
import dev.lineage.cli.CommandFailedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * One Kafka node (KRaft, broker and controller combined) in its own JVM: the embedded broker of
 * {@code lineage up}, given a node id, the controller quorum and a cluster id, so three of them
 * make the three-node cluster of docker-compose.yml on one machine ({@code scripts/cluster.sh}).
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one Kafka node (KRaft, broker and controller combined) until SIGINT/SIGTERM. Alone by"
          + " default (replication factors 1, as `lineage up`); with --voters one node of a"
          + " cluster: min(3, voters) copies of every topic, min(2, voters) in sync.",
      "Prints one line beginning 'ready:' once it answers clients."
    })
final class BrokerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "This node's data directory (logs and KRaft metadata); formatted if empty.")
  Path dir;

  @Option(
      names = "--node-id",
      defaultValue = "1",
      paramLabel = "N",
      description = "This node's id (default: ${DEFAULT-VALUE}).")
  int nodeId;

  @Option(
      names = "--voters",
      paramLabel = "ID@HOST:PORT,...",
      description =
          "The controller quorum, e.g. 1@127.0.0.1:19093,2@127.0.0.1:19094,3@127.0.0.1:19095;"
              + " this node's entry gives its controller port. Default: this node alone.")
  String voters;

  @Option(
      names = "--cluster-id",
      paramLabel = "ID",
      description =
          "The cluster id a new directory is formatted with, the same on every node (22-character"
              + " base64 UUID). Default: a random one (one node only).")
  String clusterId;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description = "Address both listeners bind to and advertise (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "Client port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int kafkaPort;

  @Option(
      names = "--controller-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description = "Controller port without --voters (default: a free one).")
  int controllerPort;

  @Option(
      names = "--startup-timeout",
      defaultValue = "PT120S",
      paramLabel = "DURATION",
      description =
          "How long to wait for the node to answer (ISO-8601, default: ${DEFAULT-VALUE}); a node"
              + " of a cluster answers once a majority of voters runs.")
  Duration startupTimeout;

  @Override
  public Integer call() throws Exception {
    if (voters != null && clusterId == null) {
      throw new ParameterException(
          spec.commandLine(), "--voters needs --cluster-id: every node must format the same id");
    }
    EmbeddedKafkaBroker.Builder builder;
    try {
      builder =
          EmbeddedKafkaBroker.builder()
              .dataDir(dir)
              .host(host)
              .kafkaPort(kafkaPort)
              .controllerPort(controllerPort)
              .nodeId(nodeId)
              .startupTimeout(startupTimeout);
      if (voters != null) {
        builder.controllerQuorumVoters(voters);
      }
      if (clusterId != null) {
        builder.clusterId(clusterId);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    PrintWriter out = spec.commandLine().getOut();
    EmbeddedKafkaBroker broker;
    try {
      broker = builder.start();
    } catch (BrokerStartException e) {
      throw new CommandFailedException(LocalStack.brokerFailure(e, kafkaPort), e);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (broker) {
      Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "lineage-broker-shutdown"));
      out.println(
          "ready: kafka="
              + broker.bootstrapServers()
              + " node="
              + nodeId
              + " controller="
              + broker.controllerPort()
              + " cluster="
              + broker.clusterId());
      out.flush();
      stop.await();
      out.println("stopping ...");
      out.flush();
    }
    out.println("stopped");
    out.flush();
    return 0;
  }
}
