package dev.lineage.cli;

import dev.lineage.publish.LineageClient;
import dev.lineage.publish.PublishException;
import dev.lineage.publish.PublishResult;
import dev.lineage.signing.Signer;
import dev.lineage.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Where and how a command publishes: {@code --bootstrap-servers}, {@code --topic-prefix}, {@code
 * --timeout}, {@code --kafka-config}. Every wait is bounded by the timeout, so an unreachable
 * cluster is one line on stderr and exit 1, never a hang.
 */
public final class KafkaOptions {
  @Option(
      names = "--bootstrap-servers",
      required = true,
      paramLabel = "HOST:PORT",
      converter = ServersConverter.class,
      description = "Kafka cluster to publish to, HOST:PORT[,HOST:PORT...].")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      paramLabel = "P",
      defaultValue = Topics.DEFAULT_PREFIX,
      description = "Prefix of the topic names (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Give up when Kafka has not taken the event after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description = KafkaConfigOption.DESCRIPTION)
  Path kafkaConfig;

  /** {@code host:port} pairs: a usage error is clearer here than Kafka's own message later. */
  static final class ServersConverter implements ITypeConverter<String> {
    private static final Pattern SERVERS =
        Pattern.compile(
            "(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5}"
                + "(?:,(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]):[0-9]{1,5})*");

    @Override
    public String convert(String value) {
      if (!SERVERS.matcher(value).matches()) {
        throw new TypeConversionException(
            "'" + value + "' is not HOST:PORT[,HOST:PORT...], e.g. localhost:9092");
      }
      return value;
    }
  }

  /**
   * Publishes one event signed by {@code signer} and prints its id, then {@code published
   * <topic>-<partition>@<offset> envelope <digest>}.
   *
   * @throws CommandFailedException when Kafka did not take the event
   */
  <T extends SpecificRecordBase> void publish(
      CommandSpec spec,
      Signer signer,
      Function<LineageClient, CompletableFuture<PublishResult<T>>> send,
      Function<T, String> id)
      throws IOException, InterruptedException {
    PublishResult<T> r = send(spec, signer, send);
    PrintWriter out = spec.commandLine().getOut();
    out.println(id.apply(r.event()));
    out.println(published(r));
    out.flush();
  }

  /**
   * Publishes one event signed by {@code signer} and returns where it landed, printing nothing.
   *
   * @throws CommandFailedException when Kafka did not take the event
   */
  <T extends SpecificRecordBase> PublishResult<T> send(
      CommandSpec spec,
      Signer signer,
      Function<LineageClient, CompletableFuture<PublishResult<T>>> send)
      throws IOException, InterruptedException {
    try (LineageClient client = client(spec, signer)) {
      return await(send.apply(client));
    }
  }

  /** {@code published <topic>-<partition>@<offset> envelope <digest>}. */
  static String published(PublishResult<?> r) {
    return "published " + r.position() + " envelope " + r.envelopeDigest();
  }

  private LineageClient client(CommandSpec spec, Signer signer) throws IOException {
    Topics topics;
    try {
      topics = Topics.withPrefix(topicPrefix);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--topic-prefix: " + e.getMessage(), e);
    }
    if (timeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--timeout must be at least 1 second, got " + timeoutSeconds);
    }
    // KafkaClientConfig refuses a missing or non-regular file (a FIFO) before opening it
    try {
      return LineageClient.builder()
          .bootstrapServers(bootstrapServers)
          .topics(topics)
          .signer(signer)
          .timeout(timeout())
          .properties(KafkaConfigOption.load(spec, kafkaConfig).properties())
          .build();
    } catch (KafkaException e) {
      throw new CommandFailedException(
          "cannot use Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits for a publish: the client fails it within its timeout, and this wait adds a margin so
   * that even a stuck client cannot hold the command.
   *
   * @throws CommandFailedException when Kafka did not take the event
   */
  private <T extends SpecificRecordBase> PublishResult<T> await(
      CompletableFuture<PublishResult<T>> publish) throws InterruptedException {
    try {
      return publish.get(2 * timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof PublishException p) {
        throw new CommandFailedException(p.getMessage(), p);
      }
      throw new CommandFailedException("cannot publish: " + cause, cause);
    } catch (TimeoutException e) {
      throw new CommandFailedException(
          "Kafka at " + bootstrapServers + " did not answer within " + timeoutSeconds + " s", e);
    }
  }

  /**
   * Builds an event from option values; what the event rules refuse is a usage error, because only
   * the options can be wrong.
   */
  static <T> T event(CommandSpec spec, Supplier<T> builder) {
    try {
      return builder.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }
}
