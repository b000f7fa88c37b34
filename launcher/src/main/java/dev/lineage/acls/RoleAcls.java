package dev.lineage.acls;

import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs of each {@link AccessRole}, derived from the topic declarations: a pure function from a
 * principal map to Kafka {@link AclBinding}s, all {@code ALLOW} from any host. With the standard
 * authorizer and {@code allow.everyone.if.no.acl.found=false}, whatever is not listed is refused.
 *
 * <table>
 *   <caption>what each role may do</caption>
 *   <tr><th>role</th><th>may</th></tr>
 *   <tr><td>pipeline</td><td>write artifacts, runs</td></tr>
 *   <tr><td>gdpr</td><td>write deletion-requests</td></tr>
 *   <tr><td>bug-reporter</td><td>write bug-reports</td></tr>
 *   <tr><td>approver</td><td>write approvals, obligations (assessments)</td></tr>
 *   <tr><td>operator</td><td>write keys</td></tr>
 *   <tr><td>orchestrator</td><td>read retraining-triggers, impact-reports, keys; write
 *       obligations (retraining completions)</td></tr>
 *   <tr><td>lineage-streams</td><td>read artifacts, runs, approvals, keys, openlineage-attested,
 *       obligations, and for the transparency log deletion-requests, bug-reports,
 *       retraining-triggers, impact-reports and log; write log, rejected, openlineage-attested; its
 *       application id's internal topics, consumer group and transactional ids (prefixed);
 *       create, describe and describe the configs of the declared topics</td></tr>
 *   <tr><td>impact-service</td><td>read deletion-requests, bug-reports, keys, obligations;
 *       write retraining-triggers, impact-reports, rejected, obligations (erasure facts); the same
 *       application-id and topic rights</td></tr>
 * </table>
 *
 * <p>Writing or reading a topic includes describing it (clients look up its partitions first). The
 * apps may create the declared topics because the first instance to start creates what is missing;
 * creating a topic that exists changes nothing, and creating gives no right to write.
 */
public final class RoleAcls {
  private RoleAcls() {}

  /**
   * @param streamsApplicationId lineage-streams' {@code application.id}: its consumer group, the
   *     prefix of its internal topics and transactional ids
   * @param impactApplicationId the impact service's
   */
  public static List<AclBinding> of(
      PrincipalMap map, Topics topics, String streamsApplicationId, String impactApplicationId) {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(topics, "topics");
    Set<AclBinding> acls = new LinkedHashSet<>();
    for (AccessRole role : AccessRole.values()) {
      for (String principal : map.principals(role)) {
        Grants g = new Grants(principal, acls);
        switch (role) {
          case PIPELINE -> g.write(topics.artifacts(), topics.runs());
          case GDPR -> g.write(topics.deletionRequests());
          case BUG_REPORTER -> g.write(topics.bugReports());
          // an approver's assessment keeps an affected model (issue 14)
          case APPROVER -> g.write(topics.approvals(), topics.obligations());
          case OPERATOR -> g.write(topics.keys());
          case ORCHESTRATOR -> {
            g.read(topics.retrainingTriggers(), topics.impactReports(), topics.keys());
            // its signed retraining completions close the triggers' obligations (issue 14)
            g.write(topics.obligations());
          }
          case LINEAGE_STREAMS -> {
            g.read(
                topics.artifacts(),
                topics.runs(),
                topics.approvals(),
                topics.keys(),
                topics.openLineageAttested(),
                topics.obligations());
            // the OpenLineage gateway attests into it (the Kafka intake and POST /api/v1/lineage)
            // the transparency log: it checks impact-service's topics for the log too, and
            // sequences the leaves on its own topic
            g.read(
                topics.deletionRequests(),
                topics.bugReports(),
                topics.retrainingTriggers(),
                topics.impactReports(),
                topics.log());
            g.write(topics.log(), topics.rejected(), topics.openLineageAttested());
            g.provision(topics);
            g.streamsApplication(streamsApplicationId);
          }
          case IMPACT_SERVICE -> {
            g.read(
                topics.deletionRequests(),
                topics.bugReports(),
                topics.keys(),
                topics.obligations());
            // obligations: the signed erasure facts it publishes once a request is fulfilled
            g.write(
                topics.retrainingTriggers(),
                topics.impactReports(),
                topics.rejected(),
                topics.obligations());
            g.provision(topics);
            g.streamsApplication(impactApplicationId);
          }
        }
      }
    }
    return new ArrayList<>(acls);
  }

  /**
   * One line for a person: {@code User:pipeline WRITE topic lineage.artifacts}; a prefixed resource
   * ends in {@code *}.
   */
  public static String describe(AclBinding acl) {
    ResourcePattern r = acl.pattern();
    AccessControlEntry e = acl.entry();
    return e.principal()
        + " "
        + e.operation()
        + " "
        + r.resourceType().name().toLowerCase(Locale.ROOT).replace('_', '-')
        + " "
        + r.name()
        + (r.patternType() == PatternType.PREFIXED ? "*" : "")
        + (e.permissionType() == AclPermissionType.ALLOW ? "" : " (" + e.permissionType() + ")")
        + ("*".equals(e.host()) ? "" : " from " + e.host());
  }

  /** Collects the bindings of one principal. */
  private record Grants(String principal, Set<AclBinding> acls) {
    void write(TopicSpec... topics) {
      for (TopicSpec t : topics) {
        topic(t.name(), PatternType.LITERAL, AclOperation.WRITE);
        topic(t.name(), PatternType.LITERAL, AclOperation.DESCRIBE);
      }
    }

    void read(TopicSpec... topics) {
      for (TopicSpec t : topics) {
        topic(t.name(), PatternType.LITERAL, AclOperation.READ);
        topic(t.name(), PatternType.LITERAL, AclOperation.DESCRIBE);
      }
    }

    /** What the start-up check needs: create the missing declared topics, check the others. */
    void provision(Topics topics) {
      for (TopicSpec t : topics.all()) {
        topic(t.name(), PatternType.LITERAL, AclOperation.CREATE);
        topic(t.name(), PatternType.LITERAL, AclOperation.DESCRIBE);
        topic(t.name(), PatternType.LITERAL, AclOperation.DESCRIBE_CONFIGS);
      }
    }

    /**
     * A Kafka Streams application: its internal topics ({@code <id>-...-changelog}, {@code
     * -repartition}) it creates, reads, writes and purges; its consumer group ({@code <id>}); its
     * transactional ids ({@code <id>-<process>-<thread>}, exactly_once_v2).
     */
    void streamsApplication(String applicationId) {
      Objects.requireNonNull(applicationId, "applicationId");
      topic(applicationId + "-", PatternType.PREFIXED, AclOperation.ALL);
      add(ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.READ);
      add(
          ResourceType.TRANSACTIONAL_ID,
          applicationId + "-",
          PatternType.PREFIXED,
          AclOperation.WRITE);
      add(
          ResourceType.TRANSACTIONAL_ID,
          applicationId + "-",
          PatternType.PREFIXED,
          AclOperation.DESCRIBE);
    }

    private void topic(String name, PatternType type, AclOperation op) {
      add(ResourceType.TOPIC, name, type, op);
    }

    private void add(ResourceType resource, String name, PatternType type, AclOperation op) {
      acls.add(
          new AclBinding(
              new ResourcePattern(resource, name, type),
              new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
    }
  }
}
