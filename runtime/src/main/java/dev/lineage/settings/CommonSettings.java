package dev.lineage.settings;

import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.topics.Topics;
import java.nio.file.Path;
import java.util.List;

/** The settings both apps share, declared once: the cluster, the topics, the trust roots. */
public final class CommonSettings {
  private CommonSettings() {}

  public static final Setting<String> BOOTSTRAP_SERVERS =
      Setting.of("bootstrap.servers", Parsers::text)
          .env("LINEAGE_BOOTSTRAP_SERVERS")
          .flag("--bootstrap-servers")
          .defaultValue("localhost:9092")
          .describe("Kafka's bootstrap servers, HOST:PORT[,...]")
          .build();

  public static final Setting<String> TOPIC_PREFIX =
      Setting.of("lineage.topic.prefix", Parsers::text)
          .env("LINEAGE_TOPIC_PREFIX")
          .flag("--topic-prefix")
          .defaultValue(Topics.DEFAULT_PREFIX)
          .check(Topics::withPrefix)
          .describe("prefix of every topic name")
          .build();

  public static final Setting<List<Path>> TRUST_ROOTS =
      Setting.of("lineage.trust.roots", Parsers::paths)
          .env("LINEAGE_TRUST_ROOTS")
          .flag("--trust-root")
          .required()
          .describe("comma-separated PEM public key files of the root keys")
          .build();

  public static final Setting<KafkaClientConfig> KAFKA_CONFIG =
      Setting.of("lineage.kafka.config", text -> KafkaClientConfig.load(Path.of(text)))
          .env(KafkaClientConfig.ENV)
          .flag("--kafka-config")
          .defaultValue(KafkaClientConfig.none())
          .defaultText("none")
          .describe(
              "a Kafka client properties file (security.protocol, ssl.*, sasl.*) for every client"
                  + " of the app")
          .build();
}
