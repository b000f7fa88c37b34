package dev.lineage.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** The server properties of a one-node KRaft cluster whose broker is also its controller. */
final class ServerProperties {
  /** Keys that follow from the builder's host, ports and directory. */
  static final Set<String> DERIVED_KEYS =
      Set.of(
          "process.roles",
          "node.id",
          "listeners",
          "advertised.listeners",
          "controller.listener.names",
          "inter.broker.listener.name",
          "listener.security.protocol.map",
          "controller.quorum.voters",
          "controller.quorum.bootstrap.servers",
          "log.dirs",
          "log.dir",
          "metadata.log.dir");

  private ServerProperties() {}

  static Properties singleNode(
      String host, int kafkaPort, int controllerPort, Path logDir, Map<String, String> overrides) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty(
        "listeners",
        "PLAINTEXT://" + host + ":" + kafkaPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://" + host + ":" + kafkaPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.setProperty("log.dirs", logDir.toString());

    // One node: every internal topic must accept a single replica, or the coordinators wait forever
    // (exactly_once_v2 times out in InitProducerId without the transaction log settings).
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    // A single member joins alone: waiting 3 s for others only slows every test and every start.
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // 50 partitions each (the defaults) buy nothing on one node and cost start time and files.
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.num.partitions", "5");
    // Topics are declared with their configs and created at start; a typo must fail, not create a
    // topic with the broker's default retention.
    p.setProperty("auto.create.topics.enable", "false");

    overrides.forEach(p::setProperty);
    return p;
  }
}
