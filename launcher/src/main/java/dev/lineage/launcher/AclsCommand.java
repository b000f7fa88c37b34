package dev.lineage.launcher;

import dev.lineage.acls.PrincipalMap;
import dev.lineage.acls.RoleAcls;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "acls",
    mixinStandardHelpOptions = true,
    description = "Kafka ACLs by role (docs/deployment.md, 'Kafka access by role').",
    subcommands = AclsCommand.Apply.class)
final class AclsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: apply");
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Creates, with Kafka's Admin API, the ACLs each principal of the map needs for its role,"
            + " and prints each one: '+' added, '=' already there. Creating what exists changes"
            + " nothing, so it can run at every deployment; it never removes an ACL.",
        "Needs a principal allowed to alter the cluster's ACLs (a super user); the cluster needs an"
            + " authorizer. Exit 0 when every ACL is in place, 1 when Kafka refused, 2 on usage."
      })
  static final class Apply implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--principal-map",
        required = true,
        paramLabel = "FILE",
        description =
            "Properties file: role = principal[; principal...], roles pipeline, gdpr,"
                + " bug-reporter, approver, operator, orchestrator, lineage-streams,"
                + " impact-service.")
    Path principalMap;

    @Option(
        names = "--bootstrap-servers",
        paramLabel = "HOST:PORT",
        defaultValue = "${env:LINEAGE_BOOTSTRAP_SERVERS}",
        description = "Kafka cluster (env LINEAGE_BOOTSTRAP_SERVERS); not needed with --dry-run.")
    String bootstrapServers;

    @Mixin KafkaConfigOption kafkaConfig;

    @Option(
        names = "--topic-prefix",
        paramLabel = "P",
        defaultValue = Topics.DEFAULT_PREFIX,
        description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    @Option(
        names = "--streams-application-id",
        paramLabel = "ID",
        defaultValue = StreamsSettings.DEFAULT_APPLICATION_ID,
        description = "lineage-streams' application.id (default: ${DEFAULT-VALUE}).")
    String streamsApplicationId;

    @Option(
        names = "--impact-application-id",
        paramLabel = "ID",
        defaultValue = ImpactSettings.DEFAULT_APPLICATION_ID,
        description = "impact-service's application.id (default: ${DEFAULT-VALUE}).")
    String impactApplicationId;

    @Option(
        names = "--dry-run",
        description = "Print the ACLs without connecting to Kafka or changing anything.")
    boolean dryRun;

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        defaultValue = "30",
        description =
            "Give up when Kafka does not answer within this long (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      Topics topics;
      try {
        topics = Topics.withPrefix(topicPrefix);
      } catch (IllegalArgumentException e) {
        throw usage("--topic-prefix: " + e.getMessage());
      }
      PrincipalMap map;
      try {
        map = PrincipalMap.load(principalMap);
      } catch (NoSuchFileException e) {
        throw usage("--principal-map " + principalMap + ": no such file");
      } catch (IOException e) {
        throw usage(
            "--principal-map " + principalMap + ": cannot read it (" + e.getMessage() + ")");
      } catch (IllegalArgumentException e) {
        throw usage("--principal-map " + principalMap + ": " + e.getMessage());
      }
      List<AclBinding> acls = RoleAcls.of(map, topics, streamsApplicationId, impactApplicationId);
      PrintWriter out = spec.commandLine().getOut();
      if (dryRun) {
        acls.forEach(acl -> out.println("  " + RoleAcls.describe(acl)));
        out.println(
            "acls: dry run, nothing applied: "
                + acls.size()
                + " ACLs for "
                + map.all().size()
                + " principal(s)");
        out.flush();
        return 0;
      }
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw usage("--bootstrap-servers (or LINEAGE_BOOTSTRAP_SERVERS) is required");
      }
      if (timeoutSeconds < 1) {
        throw usage("--timeout must be at least 1 second, got " + timeoutSeconds);
      }
      KafkaClientConfig kafka = kafkaConfig.load(spec);
      Map<String, Object> config = kafka.clientProperties(bootstrapServers);
      int timeoutMs = (int) TimeUnit.SECONDS.toMillis(timeoutSeconds);
      config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
      config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeoutMs, 10_000));
      try (Admin admin = Admin.create(config)) {
        Set<AclBinding> present =
            new HashSet<>(
                admin
                    .describeAcls(AclBindingFilter.ANY)
                    .values()
                    .get(timeoutSeconds, TimeUnit.SECONDS));
        admin.createAcls(acls).all().get(timeoutSeconds, TimeUnit.SECONDS);
        int added = 0;
        for (AclBinding acl : acls) {
          boolean had = present.contains(acl);
          added += had ? 0 : 1;
          out.println((had ? "= " : "+ ") + RoleAcls.describe(acl));
        }
        out.println(
            "acls: "
                + acls.size()
                + " ACLs for "
                + map.all().size()
                + " principal(s) in place at "
                + bootstrapServers
                + " ("
                + added
                + " added, "
                + (acls.size() - added)
                + " already there)");
        out.flush();
        return 0;
      } catch (ExecutionException e) {
        throw new CommandFailedException(refusal(e.getCause()), e.getCause());
      } catch (TimeoutException e) {
        throw new CommandFailedException(
            "Kafka at " + bootstrapServers + " did not answer within " + timeoutSeconds + " s", e);
      }
    }

    private String refusal(Throwable cause) {
      if (cause instanceof SecurityDisabledException) {
        return "the cluster at "
            + bootstrapServers
            + " has no authorizer: there are no ACLs to set";
      }
      if (cause instanceof ClusterAuthorizationException) {
        return "Kafka at "
            + bootstrapServers
            + " refused: this principal may not alter ACLs (use a super user's --kafka-config)";
      }
      return "Kafka at " + bootstrapServers + " refused the ACLs: " + cause.getMessage();
    }

    private ParameterException usage(String message) {
      return new ParameterException(spec.commandLine(), message);
    }
  }
}
