package dev.lineage.cli;

import dev.lineage.avro.KeyGranted;
import dev.lineage.avro.KeyRevoked;
import dev.lineage.avro.Role;
import dev.lineage.publish.Events;
import dev.lineage.signing.KeyPairs;
import dev.lineage.signing.Signer;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lineage keys grant|revoke}: the keyring on the keys topic. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "Grant roles to a public key, or revoke a key, on the keys topic.",
      "Only events signed by a root key or an ADMIN key count."
    },
    subcommands = {KeysCommand.Grant.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing subcommand: grant or revoke");
  }

  /** {@code keys grant}. */
  @Command(
      name = "grant",
      mixinStandardHelpOptions = true,
      description = {
        "Grant roles to a public key for a time window: sign a KeyGranted event and publish it.",
        "Prints the granted key's id, then the record's position and envelope digest."
      })
  public static final class Grant implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "PEM private key of a root or ADMIN key, which signs the grant.")
    Path key;

    @Option(
        names = "--pub",
        required = true,
        paramLabel = "PUB",
        description = "PEM public key to grant roles to.")
    Path publicKey;

    @Option(
        names = "--role",
        required = true,
        arity = "1..*",
        paramLabel = "ROLE",
        converter = Converters.RoleConverter.class,
        description = "producer, gdpr_requester, approver, impact_service or admin (repeatable).")
    List<Role> roles;

    @Option(
        names = "--valid-from",
        paramLabel = "ISO",
        converter = Converters.InstantConverter.class,
        description =
            "Events appended before this time are not covered (default: now); the grant never"
                + " covers events appended before the grant itself.")
    Instant validFrom;

    @Option(
        names = "--valid-until",
        paramLabel = "ISO",
        converter = Converters.InstantConverter.class,
        description = "Events appended at or after this time are not covered (default: no end).")
    Instant validUntil;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.fromPrivateKeyFile(key);
      PublicKey grantee = KeyPairs.readPublicKey(publicKey);
      KeyGranted event =
          KafkaOptions.event(
              spec,
              () ->
                  Events.keyGrant(grantee, roles)
                      .validFrom(validFrom)
                      .validUntil(validUntil)
                      .build());
      kafka.publish(spec, signer, client -> client.grantKey(event), KeyGranted::getKeyId);
      return ExitCodes.OK;
    }
  }

  /** {@code keys revoke}. */
  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = {
        "Revoke a key: sign a KeyRevoked event and publish it.",
        "Every event appended after the revocation is void; --from earlier than now (a known"
            + " compromise time) also voids, for later checks, what was appended since then."
            + " Events accepted before stay.",
        "Prints the revoked key's id, then the record's position and envelope digest."
      })
  public static final class Revoke implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin VerboseOption verbose;
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--key",
        required = true,
        paramLabel = "KEY",
        description = "PEM private key of a root or ADMIN key, which signs the revocation.")
    Path key;

    @ArgGroup(multiplicity = "1")
    Revoked revoked;

    /** The key to revoke, by id or by its public key. */
    static final class Revoked {
      @Option(
          names = "--key-id",
          paramLabel = "HEX",
          description = "Id of the key (64 hex, as lineage keygen prints it).")
      String keyId;

      @Option(names = "--pub", paramLabel = "PUB", description = "PEM public key to revoke.")
      Path publicKey;
    }

    @Option(
        names = "--from",
        paramLabel = "ISO",
        converter = Converters.InstantConverter.class,
        description =
            "Void from this time (default: now); a later time never postpones the revocation.")
    Instant from;

    @Option(
        names = "--reason",
        paramLabel = "TEXT",
        description = "Why, for auditors (kept forever: never personal data).")
    String reason;

    @Override
    public Integer call() throws Exception {
      Signer signer = Signer.fromPrivateKeyFile(key);
      String keyId =
          revoked.keyId != null
              ? revoked.keyId
              : KeyPairs.keyId(KeyPairs.readPublicKey(revoked.publicKey));
      KeyRevoked event =
          KafkaOptions.event(
              spec, () -> Events.keyRevocation(keyId).revokedFrom(from).reason(reason).build());
      kafka.publish(spec, signer, client -> client.revokeKey(event), KeyRevoked::getKeyId);
      return ExitCodes.OK;
    }
  }
}
