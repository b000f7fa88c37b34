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

  static final String STANDARD_AUTHORIZER =
      "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  private ServerProperties() {}

  static Properties singleNode(
      String host, int kafkaPort, int controllerPort, Path logDir, Map<String, String> overrides) {
    return singleNode(host, kafkaPort, controllerPort, logDir, null, overrides);
  }

  /**
   * @param sasl null for PLAINTEXT listeners and no authorizer; else SASL on both listeners and the
   *     standard authorizer
   */
  static Properties singleNode(
      String host,
      int kafkaPort,
      int controllerPort,
      Path logDir,
      SaslScram sasl,
      Map<String, String> overrides) {
    Properties p = new Properties();
    String client = sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty(
        "listeners",
        client + "://" + host + ":" + kafkaPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", client + "://" + host + ":" + kafkaPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", client);
    p.setProperty(
        "listener.security.protocol.map",
        client + ":" + client + ",CONTROLLER:" + (sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT"));
    p.setProperty("controller.quorum.voters", "1@" + host + ":" + controllerPort);
    p.setProperty("log.dirs", logDir.toString());
    if (sasl != null) {
      secure(p, sasl);
    }

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

  /**
   * Clients log in with SCRAM on the client listener, which also carries the broker's own
   * (inter-broker) connections as the super user. The controller listener takes PLAIN with the
   * super user as its only user: a PLAINTEXT controller listener would make the anonymous principal
   * a super user (the broker registers with its controller as whoever that listener says it is),
   * and SCRAM credentials live in the metadata the controller serves, so they cannot authenticate
   * the controller itself. Nothing is allowed without an ACL, except to the super user.
   */
  private static void secure(Properties p, SaslScram sasl) {
    String user = sasl.superUser();
    String password = sasl.superUserPassword();
    p.setProperty("sasl.enabled.mechanisms", sasl.mechanism());
    p.setProperty("sasl.mechanism.inter.broker.protocol", sasl.mechanism());
    p.setProperty(
        "listener.name.sasl_plaintext." + sasl.listenerMechanism() + ".sasl.jaas.config",
        SaslScram.jaas(
            "org.apache.kafka.common.security.scram.ScramLoginModule", user, password, ""));
    p.setProperty("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.setProperty("sasl.mechanism.controller.protocol", "PLAIN");
    p.setProperty(
        "listener.name.controller.plain.sasl.jaas.config",
        SaslScram.jaas(
            "org.apache.kafka.common.security.plain.PlainLoginModule",
            user,
            password,
            " user_" + user + "=\"" + password + "\""));
    p.setProperty("authorizer.class.name", STANDARD_AUTHORIZER);
    p.setProperty("super.users", sasl.superUserPrincipal());
    p.setProperty("allow.everyone.if.no.acl.found", "false");
  }
}
