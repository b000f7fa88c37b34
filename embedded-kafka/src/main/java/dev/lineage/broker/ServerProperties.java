package dev.lineage.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The server properties of a KRaft node whose broker is also its controller: by default the one
 * node of a one-node cluster; with {@link Quorum} one of several voters of a cluster.
 */
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

  /**
   * Which node this is and who votes in the controller quorum.
   *
   * @param nodeId this node's {@code node.id}
   * @param voters {@code controller.quorum.voters}, {@code id@host:port,...}; null: this node alone
   */
  record Quorum(int nodeId, String voters) {
    static final Quorum SINGLE = new Quorum(1, null);

    /** How many voters (= nodes, every node being broker and controller). */
    int size() {
      return voters == null ? 1 : voters.split(",").length;
    }
  }

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
    return node(host, kafkaPort, controllerPort, logDir, sasl, Quorum.SINGLE, overrides);
  }

  /**
   * A node of a cluster of {@code quorum.size()} combined nodes: internal topics and new topics get
   * min(3, nodes) replicas, and a write needs min(2, nodes) of them in sync (one node of three can
   * be lost without losing data or availability); a single node keeps factors of one.
   */
  static Properties node(
      String host,
      int kafkaPort,
      int controllerPort,
      Path logDir,
      SaslScram sasl,
      Quorum quorum,
      Map<String, String> overrides) {
    Properties p = new Properties();
    String client = sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(quorum.nodeId()));
    p.setProperty(
        "listeners",
        client + "://" + host + ":" + kafkaPort + ",CONTROLLER://" + host + ":" + controllerPort);
    p.setProperty("advertised.listeners", client + "://" + host + ":" + kafkaPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", client);
    p.setProperty(
        "listener.security.protocol.map",
        client + ":" + client + ",CONTROLLER:" + (sasl == null ? "PLAINTEXT" : "SASL_PLAINTEXT"));
    p.setProperty(
        "controller.quorum.voters",
        quorum.voters() != null ? quorum.voters() : "1@" + host + ":" + controllerPort);
    p.setProperty("log.dirs", logDir.toString());
    if (sasl != null) {
      secure(p, sasl);
    }

    // One node: every internal topic must accept a single replica, or the coordinators wait forever
    // (exactly_once_v2 times out in InitProducerId without the transaction log settings). Three
    // nodes: three copies, two in sync for a write (what docker-compose.yml sets).
    String replicas = Integer.toString(Math.min(3, quorum.size()));
    String minIsr = Integer.toString(Math.min(2, quorum.size()));
    p.setProperty("offsets.topic.replication.factor", replicas);
    p.setProperty("transaction.state.log.replication.factor", replicas);
    p.setProperty("transaction.state.log.min.isr", minIsr);
    p.setProperty("share.coordinator.state.topic.replication.factor", replicas);
    p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
    p.setProperty("default.replication.factor", replicas);
    p.setProperty("min.insync.replicas", minIsr);
    if (quorum.size() > 1) {
      // a replica that was not in sync never becomes leader: no acknowledged write is lost
      p.setProperty("unclean.leader.election.enable", "false");
    }
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
