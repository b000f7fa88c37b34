package dev.lineage.launcher;

import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.Role;
import dev.lineage.cas.ContentStore;
import dev.lineage.cli.CheckFailedException;
import dev.lineage.cli.CommandFailedException;
import dev.lineage.cli.KafkaConfigOption;
import dev.lineage.id.Digest;
import dev.lineage.kafka.KafkaClientConfig;
import dev.lineage.schemas.EventType;
import dev.lineage.topics.Topics;
import dev.lineage.trust.TrustAnchors;
import dev.lineage.vault.RecordListMigration;
import dev.lineage.vault.RecordListVault;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage record-lists migrate}: record lists of earlier versions, out of the CAS. */
@Command(
    name = "record-lists",
    mixinStandardHelpOptions = true,
    description = "Record-key lists of deletion requests (issue 14).",
    subcommands = {RecordListsCommand.Migrate.class})
final class RecordListsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required: migrate");
  }

  /**
   * Moves the salted record lists that {@code lineage delete} kept in the write-once CAS before the
   * vault (and {@code --legacy-cas} still does) into the vault, and tombstones the CAS copy; the
   * deletion requests on the topic (verified, committed) say which request each list belongs to. A
   * list no request names, or whose request's vault entry holds another list, is reported and left
   * where it is.
   */
  @Command(
      name = "migrate",
      mixinStandardHelpOptions = true,
      description = {
        "Move the record lists kept in a content-addressed store (by earlier versions, or lineage"
            + " delete --legacy-cas) into the record-list vault, and tombstone the store's copies.",
        "The verified deletion requests on the topic say which request each list belongs to; the"
            + " impact service then serves it to orchestrators and erases it like any other.",
        "Prints one line per list found (MOVED, ALREADY_IN_VAULT, UNMATCHED, CONFLICT). Exit 0"
            + " when no list is left in the store; 1 when one is (UNMATCHED or CONFLICT: an"
            + " operator decides); 2 malformed arguments."
      })
  static final class Migrate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaConfigOption kafkaConfig;

    @Option(
        names = "--cas",
        paramLabel = "DIR",
        description =
            "The content-addressed store to migrate (default: $LINEAGE_CAS or ~/.lineage/cas).")
    Path cas;

    @Option(
        names = "--vault",
        required = true,
        paramLabel = "DIR",
        description = "The record-list vault the impact service erases from (up: DATA_DIR/vault).")
    Path vault;

    @Mixin VerifiedFeedOptions source;

    @Option(
        names = "--timeout",
        defaultValue = "30",
        paramLabel = "SECONDS",
        description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      Topics topics = source.topics(spec);
      Path store = cas != null ? cas : casFromEnvironment();
      if (!Files.isDirectory(store)) {
        throw new ParameterException(spec.commandLine(), "--cas " + store + " is not a directory");
      }
      Map<Digest, String> requests =
          requestsByDigest(topics, source.roots(spec), kafkaConfig.load(spec));
      RecordListMigration.Report report =
          RecordListMigration.migrate(
              new ContentStore(store),
              RecordListVault.at(vault, Clock.systemUTC()),
              requests,
              Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      out.print(report.toText());
      out.flush();
      int left =
          report.with(RecordListMigration.Outcome.UNMATCHED).size()
              + report.with(RecordListMigration.Outcome.CONFLICT).size();
      if (left > 0) {
        throw new CheckFailedException(
            left
                + " record list(s) left in the store: no verified deletion request names them, or"
                + " the vault keeps another list for their request");
      }
      return 0;
    }

    private static Path casFromEnvironment() {
      String env = System.getenv("LINEAGE_CAS");
      return env != null && !env.isBlank() ? Path.of(env) : ContentStore.defaultRoot();
    }

    /** Record-set digest to request id, from the verified, committed deletion requests. */
    private Map<Digest, String> requestsByDigest(
        Topics topics, TrustAnchors roots, KafkaClientConfig kafka) {
      Map<Digest, String> found = new HashMap<>();
      Map<String, Map<EventType<?>, Set<Role>>> rules =
          Map.of(
              topics.deletionRequests().name(),
              Map.of(EventType.DELETION_REQUESTED, Set.of(Role.GDPR_REQUESTER)));
      try (SignedFeed feed =
          new SignedFeed(
              source.bootstrapServers,
              kafka,
              topics,
              roots,
              rules,
              Duration.ofSeconds(timeoutSeconds))) {
        while (!feed.caughtUp()) {
          for (SignedFeed.Item item : feed.poll(Duration.ofMillis(500))) {
            if (!item.verdict().accepted()
                || !(item.verdict().event() instanceof DeletionRequested d)) {
              continue;
            }
            String digest = d.getRecordSet() == null ? null : d.getRecordSet().getDigest();
            if (digest != null && Digest.isValid(digest)) {
              // the first request naming a list owns it, as the first registration owns an id
              found.putIfAbsent(Digest.parse(digest), d.getRequestId());
            }
          }
        }
      } catch (IllegalStateException e) {
        throw new CommandFailedException(e.getMessage(), e);
      }
      return found;
    }
  }
}
