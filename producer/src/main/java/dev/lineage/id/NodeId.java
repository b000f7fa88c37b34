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
 *   <li>{@code dataset:<namespace>|<name>[@<version>]} a named dataset that is not
 *       content-addressed, as OpenLineage names it (namespace such as {@code
 *       postgres://db.example.com:5432} or {@code s3://bucket}, name such as {@code public.orders}
 *       or {@code /warehouse/orders}), optionally at one version (the {@code version} dataset
 *       facet). In each of the three parts {@code %}, {@code |}, {@code @} and every character
 *       outside visible ASCII are percent-encoded (UTF-8, uppercase hex) and nothing else is, so
 *       one dataset has exactly one id and no whitespace or control character reaches a store key;
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
    DATASET("dataset:"),
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
  public static final int MAX_DATASET_LENGTH = 1024;

  static final String ACCEPTED_FORMS =
      "accepted forms: sha256:<64 lowercase hex>, source:<name>, run:<id>, git:<40 or 64 lowercase"
          + " hex>, oci:<repository>@sha256:<64 lowercase hex>,"
          + " dataset:<namespace>|<name>[@<version>], name:<name>[@<version>]";

  // The name, segment and commit grammars are checked by hand (isPathName, isSegment,
  // isGitCommit): every id a request or an event names is parsed, and a regex matcher per id was
  // ~4 % of a small answer's CPU (issue 19, profile 2). NodeIdGrammarTest pins them to the regexes
  // they replace.
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
  private final String namespace;

  private NodeId(Kind kind, String value, Digest digest, String name, String version) {
    this(kind, value, digest, name, version, null);
  }

  private NodeId(
      Kind kind, String value, Digest digest, String name, String version, String namespace) {
    this.kind = kind;
    this.value = value;
    this.digest = digest;
    this.name = name;
    this.version = version;
    this.namespace = namespace;
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
          case DATASET -> parseDataset(rest);
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
    if (commit == null || !isGitCommit(commit)) {
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

  /**
   * A named dataset, {@code version} null for the dataset itself. Any text is accepted in each part
   * (non-empty); the id percent-encodes what the grammar reserves.
   */
  public static NodeId dataset(String namespace, String name, String version) {
    String value =
        DatasetIds.encode("dataset namespace", namespace)
            + "|"
            + DatasetIds.encode("dataset name", name)
            + (version == null ? "" : "@" + DatasetIds.encode("dataset version", version));
    if (value.length() > MAX_DATASET_LENGTH) {
      throw new InvalidIdException(
          "dataset id is "
              + value.length()
              + " characters long once encoded; at most "
              + MAX_DATASET_LENGTH);
    }
    return new NodeId(Kind.DATASET, value, null, name, version, namespace);
  }

  private static NodeId parseDataset(String rest) {
    int bar = rest.indexOf('|');
    if (bar < 0 || rest.indexOf('|', bar + 1) >= 0) {
      throw new InvalidIdException(
          "dataset:"
              + Digest.shown(rest)
              + " refused: expected dataset:<namespace>|<name>[@<version>] with exactly one '|'"
              + " ('|' inside a part is written %7C)");
    }
    String afterBar = rest.substring(bar + 1);
    int at = afterBar.indexOf('@');
    if (at >= 0 && afterBar.indexOf('@', at + 1) >= 0) {
      throw new InvalidIdException(
          "dataset:" + Digest.shown(rest) + " refused: '@' inside a part is written %40");
    }
    String namespace = DatasetIds.decode("dataset namespace", rest.substring(0, bar));
    String name = DatasetIds.decode("dataset name", at < 0 ? afterBar : afterBar.substring(0, at));
    String version =
        at < 0 ? null : DatasetIds.decode("dataset version", afterBar.substring(at + 1));
    return dataset(namespace, name, version);
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
    if (!isPathName(s)) {
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
    if (!isSegment(v)) {
      throw new InvalidIdException(
          what
              + " '"
              + Digest.shown(v)
              + "' refused: use ASCII letters, digits, '.', '_', '-', starting with a letter or"
              + " digit");
    }
  }

  /** {@code [A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*} */
  static boolean isPathName(String s) {
    boolean segmentStart = true;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (segmentStart) {
        if (!isAlnum(c)) {
          return false;
        }
        segmentStart = false;
      } else if (c == '/') {
        segmentStart = true;
      } else if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return !segmentStart;
  }

  /** {@code [A-Za-z0-9][A-Za-z0-9._-]*} */
  static boolean isSegment(String s) {
    if (s.isEmpty() || !isAlnum(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** {@code [0-9a-f]{40}|[0-9a-f]{64}} */
  static boolean isGitCommit(String s) {
    if (s.length() != 40 && s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
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

  /** The namespace of a named dataset. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The name of a source, run, reference, named dataset or the repository of an image. */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** The version of a {@code name:} reference or a named dataset, when one was given. */
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
