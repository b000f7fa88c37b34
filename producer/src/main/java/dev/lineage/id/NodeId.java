package dev.lineage.id;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A typed, validated node of the lineage graph. Accepted forms:
 *
 * <ul>
 *   <li>{@code sha256:<64 hex>} a content-addressed artifact;
 *   <li>{@code source:<name>} a live data source that is not content-addressed;
 *   <li>{@code run:<id>} one execution of a process;
 *   <li>{@code git:<commit>} a full commit id: 40 (SHA-1) or 64 (SHA-256) lowercase hex.
 *       Abbreviated commits are refused: they are ambiguous and can become more so as a repository
 *       grows;
 *   <li>{@code oci:<repository>@sha256:<64 hex>} a container image by digest; the repository
 *       follows the OCI distribution-spec name grammar (lowercase), optionally after a registry
 *       host with a port such as {@code localhost:5000/};
 *   <li>{@code name:<name>[@<version>]} not a node but a reference to an artifact's registered
 *       name, resolved to its latest (or that) version: {@link #isReference()} says so.
 * </ul>
 *
 * <p>Names, run ids and versions use a conservative charset: ASCII letters, digits, {@code .},
 * {@code _}, {@code -}, starting with a letter or digit; names and run ids may also be paths of
 * such segments separated by single {@code /}. So no control character, no {@code \u0000} (the
 * store key separator), no whitespace can reach a store key.
 */
public final class NodeId {

  /** The kinds of node id, each with its textual prefix. */
  public enum Kind {
    ARTIFACT("sha256:"),
    SOURCE("source:"),
    RUN("run:"),
    GIT("git:"),
    OCI("oci:"),
    NAME("name:");

    private final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public static final int MAX_NAME_LENGTH = 200;
  public static final int MAX_VERSION_LENGTH = 128;
  public static final int MAX_REPOSITORY_LENGTH = 255;

  static final String ACCEPTED_FORMS =
      "accepted forms: sha256:<64 lowercase hex>, source:<name>, run:<id>, git:<40 or 64 lowercase"
          + " hex>, oci:<repository>@sha256:<64 lowercase hex>, name:<name>[@<version>]";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern PATH_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*");
  private static final Pattern GIT_COMMIT = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final String OCI_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern OCI_REPOSITORY =
      Pattern.compile(
          "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*:[0-9]+/)?"
              + OCI_COMPONENT
              + "(?:/"
              + OCI_COMPONENT
              + ")*");

  private final Kind kind;
  private final String value;
  private final Digest digest;
  private final String name;
  private final String version;

  private NodeId(Kind kind, String value, Digest digest, String name, String version) {
    this.kind = kind;
    this.value = value;
    this.digest = digest;
    this.name = name;
    this.version = version;
  }

  /** Parses any accepted form; the exception message says what was wrong and what is accepted. */
  public static NodeId parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidIdException("node id is empty; " + ACCEPTED_FORMS);
    }
    for (Kind k : Kind.values()) {
      if (text.startsWith(k.prefix)) {
        String rest = text.substring(k.prefix.length());
        return switch (k) {
          case ARTIFACT -> artifact(Digest.parse(text));
          case SOURCE -> source(rest);
          case RUN -> run(rest);
          case GIT -> git(rest);
          case OCI -> parseOci(rest);
          case NAME -> parseName(rest);
        };
      }
    }
    throw new InvalidIdException(
        "'" + Digest.shown(text) + "' has no known node id prefix; " + ACCEPTED_FORMS);
  }

  public static NodeId artifact(Digest digest) {
    Objects.requireNonNull(digest, "digest");
    return new NodeId(Kind.ARTIFACT, digest.hex(), digest, null, null);
  }

  public static NodeId source(String name) {
    checkName("source name", name);
    return new NodeId(Kind.SOURCE, name, null, name, null);
  }

  public static NodeId run(String id) {
    checkName("run id", id);
    return new NodeId(Kind.RUN, id, null, id, null);
  }

  public static NodeId git(String commit) {
    if (commit == null || !GIT_COMMIT.matcher(commit).matches()) {
      String why =
          commit != null && !commit.isEmpty() && commit.chars().allMatch(NodeId::isHex)
              ? (commit.chars().anyMatch(c -> c >= 'A' && c <= 'F')
                  ? "uppercase hex is not accepted"
                  : "an abbreviated commit is ambiguous; give the full id (git rev-parse HEAD)")
              : "not a commit id";
      throw new InvalidIdException(
          "git commit '"
              + Digest.shown(String.valueOf(commit))
              + "' refused: "
              + why
              + "; expected 40 (SHA-1) or 64 (SHA-256) lowercase hex");
    }
    return new NodeId(Kind.GIT, commit, null, null, null);
  }

  /** A container image by digest; {@code repository} is e.g. {@code ghcr.io/acme/trainer}. */
  public static NodeId oci(String repository, Digest digest) {
    Objects.requireNonNull(digest, "digest");
    checkRepository(repository);
    return new NodeId(Kind.OCI, repository + "@" + digest, digest, repository, null);
  }

  /** A reference to the latest version registered under {@code name}. */
  public static NodeId name(String name) {
    return name(name, null);
  }

  /** A reference to {@code version} of the artifact registered under {@code name}. */
  public static NodeId name(String name, String version) {
    checkName("artifact name", name);
    if (version != null) {
      checkVersion("version", version);
    }
    return new NodeId(
        Kind.NAME, version == null ? name : name + "@" + version, null, name, version);
  }

  private static NodeId parseOci(String rest) {
    int at = rest.indexOf('@');
    if (at < 0) {
      throw new MutableReferenceException(
          "oci:"
              + Digest.shown(rest)
              + " has no @sha256:<digest>; an image is named by its digest, "
              + "oci:<repository>@sha256:<64 lowercase hex>");
    }
    return oci(rest.substring(0, at), Digest.parse(rest.substring(at + 1)));
  }

  private static NodeId parseName(String rest) {
    int at = rest.indexOf('@');
    return at < 0 ? name(rest) : name(rest.substring(0, at), rest.substring(at + 1));
  }

  static void checkRepository(String repository) {
    if (repository == null || repository.isEmpty()) {
      throw new InvalidIdException("image repository is empty");
    }
    if (repository.length() > MAX_REPOSITORY_LENGTH) {
      throw new InvalidIdException(
          "image repository is longer than " + MAX_REPOSITORY_LENGTH + " characters");
    }
    if (!OCI_REPOSITORY.matcher(repository).matches()) {
      throw new InvalidIdException(
          "image repository '"
              + Digest.shown(repository)
              + "' does not follow the OCI name grammar: lowercase letters and digits in"
              + " components separated by '.', '_', '__' or '-', components separated by '/',"
              + " optionally after a registry host with a port (host:5000/)");
    }
  }

  /**
   * Checks a name by the rule of source names, run ids and artifact names, so that what an event
   * names can also be referenced as {@code name:<name>}.
   *
   * @param what what the name is, for the message (e.g. {@code "process name"})
   * @throws InvalidIdException saying what is wrong
   */
  public static void checkName(String what, String s) {
    if (s == null || s.isEmpty()) {
      throw new InvalidIdException(what + " is empty");
    }
    if (s.length() > MAX_NAME_LENGTH) {
      throw new InvalidIdException(
          what + " is " + s.length() + " characters long; at most " + MAX_NAME_LENGTH);
    }
    if (!PATH_NAME.matcher(s).matches()) {
      throw new InvalidIdException(
          what
              + " '"
              + Digest.shown(s)
              + "' refused: use ASCII letters, digits, '.', '_', '-', starting with a letter or"
              + " digit, optionally in segments separated by single '/'");
    }
  }

  /**
   * Checks a version by the rule of {@code name:<name>@<version>} references.
   *
   * @param what what the version is, for the message (e.g. {@code "process version"})
   * @throws InvalidIdException saying what is wrong
   */
  public static void checkVersion(String what, String v) {
    if (v == null || v.isEmpty()) {
      throw new InvalidIdException(what + " is empty");
    }
    if (v.length() > MAX_VERSION_LENGTH) {
      throw new InvalidIdException(
          what + " is " + v.length() + " characters long; at most " + MAX_VERSION_LENGTH);
    }
    if (!SEGMENT.matcher(v).matches()) {
      throw new InvalidIdException(
          what
              + " '"
              + Digest.shown(v)
              + "' refused: use ASCII letters, digits, '.', '_', '-', starting with a letter or"
              + " digit");
    }
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  public Kind kind() {
    return kind;
  }

  /** The text after the kind's prefix. */
  public String value() {
    return value;
  }

  /** The digest of an artifact or of an image. */
  public Optional<Digest> digest() {
    return Optional.ofNullable(digest);
  }

  /** The name of a source, run, reference or the repository of an image. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The version of a {@code name:} reference, when one was given. */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /** True for {@code name:} ids, which must be resolved to a node before use. */
  public boolean isReference() {
    return kind == Kind.NAME;
  }

  @Override
  public String toString() {
    return kind == Kind.ARTIFACT ? digest.toString() : kind.prefix + value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId n && kind == n.kind && value.equals(n.value);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + value.hashCode();
  }
}
