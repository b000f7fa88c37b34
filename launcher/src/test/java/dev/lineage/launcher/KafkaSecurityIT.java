package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lineage.api.KeyEvents;
import dev.lineage.api.NodeDetails;
import dev.lineage.api.Paths;
import dev.lineage.broker.EmbeddedKafkaBroker;
import dev.lineage.broker.SaslScram;
import dev.lineage.impact.ImpactSettings;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.seed.SeedScenario;
import dev.lineage.settings.SettingValues;
import dev.lineage.signing.Algorithm;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import dev.lineage.streams.StreamsSettings;
import dev.lineage.topics.TopicSpec;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The production access model on a real broker: the embedded KRaft broker with SASL/SCRAM and
 * Kafka's standard authorizer, one SCRAM user per role, the ACLs applied by {@code lineage acls
 * apply}. Every client below authenticates with its own principal's client properties file, the way
 * a deployment passes them ({@code --kafka-config}).
 *
 * <p>Shown: the seed story runs end to end over SASL (lineage-streams and impact-service each as
 * their own principal, the pipeline publishing the seed, the GDPR system's deletion request, the
 * orchestrator reading the trigger); the broker refuses a pipeline writing the keys or triggers
 * topic; and every principal may write exactly the topics of its role.
 */
class KafkaSecurityIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Topics TOPICS = Topics.defaults();

  /** The Kafka user of each role: role key in the principal map → SCRAM user name. */
  private static final Map<String, String> USERS = new LinkedHashMap<>();

  static {
    USERS.put("pipeline", "pipeline");
    USERS.put("gdpr", "gdpr");
    USERS.put("operator", "operator");
    USERS.put("orchestrator", "orchestrator");
    USERS.put("lineage-streams", "streams");
    USERS.put("impact-service", "impact");
  }

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<String, String> passwords = new HashMap<>();

  record Run(int code, String out, String err) {}

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void eachPrincipalDoesExactlyItsPartAndTheSeedStoryRunsOverSasl() throws Exception {
    Path dir = Path.of("target", "it-state", "kafka-security-" + UUID.randomUUID());
    Files.createDirectories(dir);
    SaslScram sasl = SaslScram.sha512("admin", password("admin"));
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().dataDir(dir.resolve("kafka")).sasl(sasl).start();
    open.add(broker);
    String servers = broker.bootstrapServers();

    // one SCRAM user per role, each with its own client properties file
    Path admin = clientConfig(dir, "admin", broker.superUserClientProperties());
    Map<String, Path> config = new HashMap<>();
    for (String user : USERS.values()) {
      config.put(user, clientConfig(dir, user, broker.upsertScramUser(user, password(user))));
    }
    // the GDPR system keeps its password beside the file, read through Kafka's config provider
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    Files.writeString(secrets.resolve("gdpr.password"), passwords.get("gdpr"));
    Properties gdpr = new Properties();
    gdpr.putAll(sasl.clientProperties("gdpr", passwords.get("gdpr")));
    gdpr.setProperty("config.providers", "dir");
    gdpr.setProperty(
        "config.providers.dir.class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
    gdpr.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gdpr\""
            + " password=\"${dir:"
            + secrets.toAbsolutePath()
            + ":gdpr.password}\";");
    config.put("gdpr", store(gdpr, dir.resolve("gdpr.properties")));
    assertThat(Files.readString(config.get("gdpr"))).doesNotContain(passwords.get("gdpr"));

    // the ACLs, by role, applied twice: the second run finds them all in place
    Path map = dir.resolve("principals.properties");
    StringBuilder lines = new StringBuilder();
    USERS.forEach((role, user) -> lines.append(role).append(" = User:").append(user).append('\n'));
    Files.writeString(map, lines);
    String[] apply = {
      "acls", "apply", "--principal-map", map.toString(), "--bootstrap-servers", servers
    };
    Run applied = lineage(append(apply, "--kafka-config", admin.toString()));
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("+ User:pipeline WRITE topic lineage.artifacts")
        .contains("+ User:impact WRITE topic lineage.retraining-triggers")
        .contains("+ User:streams ALL topic lineage-streams-*")
        .doesNotContain("User:pipeline WRITE topic lineage.keys");
    Run again = lineage(append(apply, "--kafka-config", admin.toString()));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("(0 added,").doesNotContain("\n+ ");
    Run notAdmin = lineage(append(apply, "--kafka-config", config.get("pipeline").toString()));
    assertThat(notAdmin.code()).isEqualTo(1);
    assertThat(notAdmin.err()).contains("may not alter ACLs");

    // trust: a root, the pipeline's, the GDPR system's and the impact service's signing keys
    Signer root = keyPair(dir, "root");
    Signer producer = keyPair(dir, "producer");
    Signer gdprKey = keyPair(dir, "gdpr");
    Signer serviceKey = keyPair(dir, "impact-service");
    Path rootPub = dir.resolve("root.pub");

    // lineage-streams as User:streams: creates the topics, then folds
    StringWriter startup = new StringWriter();
    LocalStack streams =
        start(dir.resolve("streams"), servers, rootPub, LocalStack.App.STREAMS, config, startup);
    CommandLineApi api = new CommandLineApi(URI.create(streams.httpUrl()), Duration.ofSeconds(10));
    assertThat(startup.toString())
        .contains("(SASL_PLAINTEXT, SCRAM-SHA-512 from " + config.get("streams") + ")")
        .contains("topics " + TOPICS.all().size() + " created");

    // the operator grants, through the CLI with its own principal
    SeedScenario seed =
        SeedScenario.create(
            dir.resolve("seed"), dir.resolve("cas"), root, producer, Clock.systemUTC());
    assertThat(seed.records().get(0).target()).isEqualTo(SeedScenario.Target.KEYS);
    sendAll(config.get("operator"), servers, List.of(seed.records().get(0)));
    for (String[] grant :
        new String[][] {{"gdpr", "gdpr_requester"}, {"impact-service", "impact_service"}}) {
      Run granted =
          lineage(
              "keys",
              "grant",
              "--bootstrap-servers",
              servers,
              "--kafka-config",
              config.get("operator").toString(),
              "--key",
              dir.resolve("root.key").toString(),
              "--pub",
              dir.resolve(grant[0] + ".pub").toString(),
              "--role",
              grant[1]);
      assertThat(granted.code()).as(granted.err()).isZero();
    }
    for (Signer key : List.of(producer, gdprKey, serviceKey)) {
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .ignoreExceptions()
          .until(
              () -> api.get("/v1/keys/" + key.keyId(), Map.of(), KeyEvents.class).value() != null);
    }

    // the pipeline publishes the seed scenario; lineage-streams folds it
    sendAll(config.get("pipeline"), servers, seed.records().subList(1, seed.records().size()));
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(
            () ->
                !api.get(
                            "/v1/paths",
                            Map.of("from", SeedScenario.SOURCE, "to", seed.model()),
                            Paths.class)
                        .value()
                        .paths()
                        .isEmpty()
                    // the model's own registration (its kind) folds one hop after the run's edges
                    && "MODEL"
                        .equals(
                            api.get("/v1/nodes/" + seed.model(), Map.of(), NodeDetails.class)
                                .value()
                                .kind()));

    // the impact service as User:impact, asking lineage-streams
    LocalStack impact =
        start(
            dir.resolve("impact"),
            servers,
            rootPub,
            LocalStack.App.IMPACT,
            config,
            new StringWriter(),
            SettingValues.defaults(ImpactSettings.DECLARED)
                .with(ImpactSettings.LINEAGE_HTTP, List.of(URI.create(streams.httpUrl())))
                .with(
                    ImpactSettings.SERVICE_KEY,
                    LocalTrust.ensureKey(dir.resolve("impact-service.key")))
                .with(ImpactSettings.CAS, dir.resolve("cas")));
    assertThat(impact.kafka().summary()).isEqualTo("SASL_PLAINTEXT, SCRAM-SHA-512");

    // the GDPR system's deletion request, through the CLI, its password from the secrets dir
    Path records = dir.resolve("records.txt");
    Files.writeString(records, "txn-q1-000417\ntxn-q1-000815\n");
    Run deletion =
        lineage(
            "delete",
            "--bootstrap-servers",
            servers,
            "--kafka-config",
            config.get("gdpr").toString(),
            "--key",
            dir.resolve("gdpr.key").toString(),
            "--subject",
            SeedScenario.SOURCE,
            "--records",
            records.toString(),
            "--cas",
            dir.resolve("requester-cas").toString(),
            "--request-id",
            "gdpr-sasl-1");
    assertThat(deletion.code()).as(deletion.err()).isZero();

    // the orchestrator sees the committed, verified trigger for model_m92
    Run triggers =
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    lineage(
                        "triggers",
                        "--bootstrap-servers",
                        servers,
                        "--kafka-config",
                        config.get("orchestrator").toString(),
                        "--trust-root",
                        rootPub.toString()),
                r -> r.out().contains("model_m92"));
    assertThat(triggers.code()).as(triggers.err()).isZero();
    assertThat(triggers.out()).contains("DELETION gdpr-sasl-1").contains("1 trigger(s)");

    // a pipeline may not write the keys or the triggers topic: the broker says no
    Run forgedGrant =
        lineage(
            "keys",
            "grant",
            "--bootstrap-servers",
            servers,
            "--kafka-config",
            config.get("pipeline").toString(),
            "--key",
            dir.resolve("producer.key").toString(),
            "--pub",
            dir.resolve("producer.pub").toString(),
            "--role",
            "admin",
            "--timeout",
            "10");
    assertThat(forgedGrant.code()).isEqualTo(1);
    assertThat(forgedGrant.err()).contains("lineage.keys").contains("Not authorized");
    for (TopicSpec t : List.of(TOPICS.keys(), TOPICS.retrainingTriggers())) {
      assertThatThrownBy(() -> write(config.get("pipeline"), servers, t.name(), true))
          .as("pipeline writing %s", t.name())
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // nor read the keys, which only who verifies reads
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            KafkaClientConfig.load(config.get("pipeline")).clientProperties(servers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      assertThatThrownBy(() -> c.partitionsFor(TOPICS.keys().name(), Duration.ofSeconds(10)))
          .isInstanceOf(TopicAuthorizationException.class);
    }

    // and every principal writes exactly the topics of its role (junk bytes: the apps reject them)
    Map<String, Set<String>> writable = new LinkedHashMap<>();
    writable.put("pipeline", Set.of(TOPICS.artifacts().name(), TOPICS.runs().name()));
    writable.put("gdpr", Set.of(TOPICS.deletionRequests().name()));
    writable.put("operator", Set.of(TOPICS.keys().name()));
    writable.put("orchestrator", Set.of(TOPICS.obligations().name()));
    // the OpenLineage gateway (issue 15) attests into its own topic; the transparency log (issue
    // 16)
    // is sequenced on its own topic
    writable.put(
        "streams",
        Set.of(TOPICS.log().name(), TOPICS.rejected().name(), TOPICS.openLineageAttested().name()));
    writable.put(
        "impact",
        Set.of(
            TOPICS.retrainingTriggers().name(),
            TOPICS.impactReports().name(),
            TOPICS.rejected().name(),
            TOPICS.obligations().name()));
    for (var entry : writable.entrySet()) {
      Set<String> wrote = new TreeSet<>();
      for (TopicSpec t : TOPICS.all()) {
        try {
          write(config.get(entry.getKey()), servers, t.name(), false);
          wrote.add(t.name());
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(TopicAuthorizationException.class);
        }
      }
      assertThat(wrote).as("what %s may write", entry.getKey()).isEqualTo(entry.getValue());
    }

    // nothing printed a password
    String printed = startup + applied.out() + deletion.out() + triggers.out() + triggers.err();
    for (String pw : passwords.values()) {
      assertThat(printed).doesNotContain(pw);
    }
  }

  private static final Map<String, String> FAST =
      Map.of("commit.interval.ms", "100", "num.stream.threads", "1");

  private LocalStack start(
      Path dataDir,
      String servers,
      Path rootPub,
      LocalStack.App app,
      Map<String, Path> config,
      StringWriter out) {
    return start(
        dataDir,
        servers,
        rootPub,
        app,
        config,
        out,
        SettingValues.defaults(ImpactSettings.DECLARED));
  }

  private LocalStack start(
      Path dataDir,
      String servers,
      Path rootPub,
      LocalStack.App app,
      Map<String, Path> config,
      StringWriter out,
      SettingValues impact) {
    String user = app == LocalStack.App.STREAMS ? "streams" : "impact";
    LocalStack stack =
        LocalStack.start(
            new LocalStack.Settings(
                dataDir.toAbsolutePath(),
                0,
                0,
                servers,
                TOPICS,
                List.of(rootPub),
                "127.0.0.1",
                null,
                EnumSet.of(app),
                SettingValues.defaults(StreamsSettings.DECLARED).withPassthrough(FAST),
                impact.withPassthrough(FAST),
                LocalStack.HttpAccess.local(),
                KafkaClientConfig.load(config.get(user))),
            new PrintWriter(out, true));
    open.add(stack);
    return stack;
  }

  private String password(String user) {
    return passwords.computeIfAbsent(user, u -> u + "-" + UUID.randomUUID());
  }

  private static Path clientConfig(Path dir, String user, Map<String, String> settings)
      throws IOException {
    Properties p = new Properties();
    p.putAll(settings);
    return store(p, dir.resolve(user + ".properties"));
  }

  private static Path store(Properties p, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }

  private static Signer keyPair(Path dir, String name) throws IOException {
    KeyPair pair = KeyPairs.generate(Algorithm.ECDSA_P256_SHA256);
    KeyPairs.writePrivateKey(pair.getPrivate(), dir.resolve(name + ".key"));
    KeyPairs.writePublicKey(pair.getPublic(), dir.resolve(name + ".pub"));
    return new Signer(pair);
  }

  /** Publishes seed records as the principal of {@code config}, the way a pipeline would. */
  private static void sendAll(Path config, String servers, List<SeedScenario.SeedRecord> records)
      throws Exception {
    Map<String, Object> client = KafkaClientConfig.load(config).clientProperties(servers);
    client.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (SeedScenario.SeedRecord r : records) {
        p.send(
                new ProducerRecord<>(
                    r.target().topic(TOPICS), r.key().getBytes(StandardCharsets.UTF_8), r.value()))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Writes one record as the principal of {@code config}.
   *
   * @param idempotent a pipeline's producer is; off, only the topic's own ACL decides
   */
  private static void write(Path config, String servers, String topic, boolean idempotent)
      throws ExecutionException, InterruptedException {
    Map<String, Object> client = KafkaClientConfig.load(config).clientProperties(servers);
    client.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotent);
    client.put(ProducerConfig.ACKS_CONFIG, "all");
    client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(client, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(topic, "not an envelope".getBytes(StandardCharsets.UTF_8))).get();
    }
  }

  private static Run lineage(String... args) {
    CommandLine cli = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String[] append(String[] base, String... more) {
    String[] all = new String[base.length + more.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
