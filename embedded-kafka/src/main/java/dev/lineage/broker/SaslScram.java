package dev.lineage.broker;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the embedded broker authenticates and authorizes: a {@code SASL_PLAINTEXT} client listener
 * taking SCRAM ({@code SCRAM-SHA-512} or {@code SCRAM-SHA-256}), Kafka's {@code StandardAuthorizer}
 * with no access unless an ACL grants it, and one super user, as which the broker itself also talks
 * to its controller and to itself. The super user's SCRAM credential is written into the metadata
 * log when the data directory is formatted, so it can log in at once and create the other users
 * ({@link EmbeddedKafkaBroker#upsertScramUser}); on a data directory formatted before, the
 * credential recorded then stays (use the same password).
 *
 * <p>Names and passwords are limited to letters, digits and {@code . _ -}: they are written into
 * JAAS configurations and the format tool's credential syntax, where quotes, commas and brackets
 * would need escaping.
 *
 * @param mechanism {@code SCRAM-SHA-512} or {@code SCRAM-SHA-256}
 * @param superUser the broker's own user, e.g. {@code admin} (principal {@code User:admin})
 * @param superUserPassword its password, at least 8 characters
 */
public record SaslScram(String mechanism, String superUser, String superUserPassword) {
  public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
  public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9._-]{8,}");

  public SaslScram {
    Objects.requireNonNull(mechanism, "mechanism");
    if (!mechanism.equals(SCRAM_SHA_512) && !mechanism.equals(SCRAM_SHA_256)) {
      throw new IllegalArgumentException(
          "mechanism must be SCRAM-SHA-512 or SCRAM-SHA-256, got " + mechanism);
    }
    checkName(superUser);
    checkPassword(superUserPassword);
  }

  /** SCRAM-SHA-512 with this super user. */
  public static SaslScram sha512(String superUser, String superUserPassword) {
    return new SaslScram(SCRAM_SHA_512, superUser, superUserPassword);
  }

  /** The principal of the super user, e.g. {@code User:admin}. */
  public String superUserPrincipal() {
    return "User:" + superUser;
  }

  /**
   * The client settings of a SCRAM user of this broker: {@code security.protocol}, {@code
   * sasl.mechanism}, {@code sasl.jaas.config} (no {@code bootstrap.servers}).
   */
  public Map<String, String> clientProperties(String user, String password) {
    checkName(user);
    checkPassword(password);
    return Map.of(
        "security.protocol",
        "SASL_PLAINTEXT",
        "sasl.mechanism",
        mechanism,
        "sasl.jaas.config",
        jaas("org.apache.kafka.common.security.scram.ScramLoginModule", user, password, ""));
  }

  /** The mechanism as Kafka's listener-prefixed settings spell it, e.g. {@code scram-sha-512}. */
  String listenerMechanism() {
    return mechanism.toLowerCase(Locale.ROOT);
  }

  static String jaas(String module, String user, String password, String more) {
    return module
        + " required username=\""
        + user
        + "\" password=\""
        + password
        + "\""
        + more
        + ";";
  }

  static void checkName(String user) {
    if (user == null || !NAME.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "a SCRAM user name must be letters, digits, '.', '_' or '-', got " + user);
    }
  }

  static void checkPassword(String password) {
    if (password == null || !PASSWORD.matcher(password).matches()) {
      throw new IllegalArgumentException(
          "a SCRAM password must be at least 8 letters, digits, '.', '_' or '-'");
    }
  }

  /** The password is a secret: never printed. */
  @Override
  public String toString() {
    return "SaslScram[" + mechanism + ", super user " + superUser + "]";
  }
}
