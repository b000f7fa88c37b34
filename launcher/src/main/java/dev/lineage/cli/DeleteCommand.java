package dev.lineage.cli;

import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.RecordSet;
import dev.lineage.id.Digest;
import dev.lineage.publish.Events;
import dev.lineage.publish.PublishResult;
import dev.lineage.publish.RecordList;
import dev.lineage.signing.Signer;
import dev.lineage.vault.RecordListVault;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage delete}: a signed deletion request, without the record keys ever leaving. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = {
      "Request erasure of records from a data node and everything derived from it.",
      "Signs a DeletionRequested event and publishes it on the deletion-requests topic. The"
          + " record-key file (one key per line) never leaves this machine and is never printed."
          + " The list is kept salted (a header line with a random salt, then the keys) and"
          + " encrypted under a key of its own in the record-list vault (see --vault), which the"
          + " impact service given the same vault (impact.vault) serves to orchestrators while the"
          + " request is open and destroys once it is fulfilled (or its retention ends); the event"
          + " carries the salted list's sha256, the number of non-empty lines and where it is kept"
          + " (vault:<request id>). The salt never travels, so the digest confirms nothing to"
          + " someone who guesses a list.",
      "Topics keep events forever: --reason and --request-id must NEVER hold personal data (no"
          + " names, e-mails, customer ids).",
      "Prints the request id, then the record set (digest, count, location), then the record's"
          + " position and envelope digest."
    })
public final class DeleteCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin KafkaOptions kafka;
  @Mixin CasOption cas;

  @Option(
      names = "--subject",
      required = true,
      paramLabel = "ID",
      description =
          "Node the records were erased from: source:<name>, sha256:<hex>, ... (not a name:"
              + " reference: the request is about one node).")
  String subject;

  @Option(
      names = "--records",
      required = true,
      paramLabel = "FILE",
      description = "The record keys, one per line; stays on this machine.")
  Path records;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "PEM private key of a GDPR_REQUESTER.")
  Path key;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description =
          "Legal basis or ticket reference, e.g. 'GDPR Art. 17, ticket DPO-1234'. Kept forever:"
              + " NEVER personal data (no names, e-mails, customer ids).")
  String reason;

  @Option(
      names = "--deadline",
      paramLabel = "ISO",
      converter = Converters.InstantConverter.class,
      description = "When the erasure must be complete downstream, e.g. 2025-04-01T00:00:00Z.")
  Instant deadline;

  @Option(
      names = "--request-id",
      paramLabel = "ID",
      description = "Id of the request, the record key (default: del-<random UUID>).")
  String requestId;

  @Option(
      names = "--location",
      paramLabel = "URI",
      description =
          "Legacy, with --legacy-cas only: where authorised readers fetch the record-key list,"
              + " e.g. s3://gdpr/req-42.txt; the salted copy to put there is kept in the local CAS.")
  String location;

  @Option(
      names = "--vault",
      paramLabel = "DIR",
      description =
          "The record-list vault to keep the salted list in (default: $"
              + VAULT_ENV
              + ", else the directory vault beside the CAS directory: with lineage up --data-dir"
              + " D, D/vault, the one its impact service erases from).")
  Path vault;

  @Option(
      names = "--legacy-cas",
      description =
          "Legacy (before the vault): keep the salted list in the write-once content-addressed"
              + " store instead (location cas:<digest>, or --location). Nothing erases it there:"
              + " move it later with lineage record-lists migrate.")
  boolean legacyCas;

  /** The environment variable naming the vault when --vault is absent. */
  public static final String VAULT_ENV = "LINEAGE_VAULT";

  @Override
  public Integer call() throws Exception {
    InputFiles.check(spec, "--records", records);
    if (legacyCas && vault != null) {
      throw new ParameterException(
          spec.commandLine(), "--vault and --legacy-cas: the list is kept in one place only");
    }
    if (location != null && !legacyCas) {
      throw new ParameterException(
          spec.commandLine(),
          "--location names where a legacy CAS-kept list is copied to: add --legacy-cas, or leave"
              + " it out to keep the list in the vault (location vault:<request id>)");
    }
    Path vaultDir = legacyCas ? null : vaultDir(vault, cas.resolved(), System.getenv());
    Signer signer = Signer.fromPrivateKeyFile(key);
    String id = requestId != null ? requestId : "del-" + UUID.randomUUID();
    Path work = Files.createTempDirectory("lineage-delete-");
    try {
      // the salted copy is what the requester keeps: its digest travels, the salt never does
      Path salted = work.resolve("record-set");
      RecordList.Salted keys = RecordList.salt(records, salted, new SecureRandom());
      if (keys.count() == 0) {
        throw new ParameterException(
            spec.commandLine(),
            "--records " + records + " holds no record key (no non-empty line)");
      }
      String where =
          vaultDir != null
              ? RecordListVault.location(id)
              : location != null ? location : "cas:" + keys.digest();
      RecordSet recordSet = Events.recordSet(keys, where);
      // checked before anything is stored, so a bad subject or reason leaves no trace
      DeletionRequested event =
          KafkaOptions.event(
              spec,
              () ->
                  Events.deletion(id, subject, recordSet)
                      .reason(reason)
                      .deadline(deadline)
                      .build());
      Digest stored =
          vaultDir != null
              ? RecordListVault.at(vaultDir, Clock.systemUTC())
                  .storeSalted(id, Files.readAllBytes(salted))
                  .digest()
              : cas.store().put(salted);
      if (!stored.equals(keys.digest())) {
        throw new CommandFailedException(
            "the salted copy of "
                + records
                + " changed while it was stored; nothing was published, run the command again");
      }
      PublishResult<DeletionRequested> r =
          kafka.send(spec, signer, client -> client.requestDeletion(event));
      PrintWriter out = spec.commandLine().getOut();
      out.println(r.event().getRequestId());
      out.println(
          "records "
              + recordSet.getDigest()
              + " count "
              + recordSet.getCount()
              + " location "
              + recordSet.getLocation());
      out.println(KafkaOptions.published(r));
      if (vaultDir != null) {
        out.println("the salted list is kept encrypted in the vault " + vaultDir);
      } else if (location != null) {
        out.println(
            "the salted list is kept in the local CAS as "
                + stored
                + ": copy it to "
                + location
                + " (lineage get "
                + stored
                + " --out FILE)");
      }
      out.flush();
      return ExitCodes.OK;
    } finally {
      Files.deleteIfExists(work.resolve("record-set"));
      Files.deleteIfExists(work);
    }
  }

  /** {@code --vault}, else {@value #VAULT_ENV}, else {@code vault} beside the CAS directory. */
  static Path vaultDir(Path option, Path cas, java.util.Map<String, String> env) {
    if (option != null) {
      return option;
    }
    String fromEnv = env.get(VAULT_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    Path parent = cas.toAbsolutePath().normalize().getParent();
    return parent == null ? cas.resolve("vault") : parent.resolve("vault");
  }
}
