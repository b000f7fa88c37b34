package dev.lineage.access;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer token a Lineage HTTP API can require of its readers ({@code --api-token-file}): the
 * server compares it, the command-line clients send it. It is read from a file (or the file named
 * by {@value #ENV}), never from the command line, and it never appears in a message, a log line or
 * {@link #toString()}.
 *
 * <p>The file holds one token, e.g. from {@code openssl rand -base64 32}: the RFC 6750 {@code
 * b64token} characters (letters, digits, {@code -._~+/}, then {@code =} padding), at least {@value
 * #MIN_LENGTH} of them. Surrounding whitespace (the newline an editor adds) is not part of it.
 */
public final class ApiToken {
  /** The environment variable naming the token file when the option is absent. */
  public static final String ENV = "LINEAGE_API_TOKEN_FILE";

  static final int MIN_LENGTH = 16;
  private static final int MAX_FILE_BYTES = 4096;
  private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
  private static final String SCHEME = "bearer ";

  private final String value;
  private final byte[] digest;

  private ApiToken(String value) {
    this.value = value;
    this.digest = sha256(value.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The token in {@code file}.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it does not hold one token (the message names the file,
   *     never its content)
   */
  public static ApiToken read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          "the API token file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    String text = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the API token file " + file + " is empty");
    }
    if (!B64TOKEN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "the API token file "
              + file
              + " does not hold one bearer token (letters, digits and -._~+/, then = padding; make"
              + " one with: openssl rand -base64 32)");
    }
    if (text.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "the token in " + file + " is shorter than " + MIN_LENGTH + " characters");
    }
    return new ApiToken(text);
  }

  /**
   * The token of a command: the file given as its option, else the file {@value #ENV} names; none
   * when both are absent or blank.
   */
  public static Optional<ApiToken> fromOptionOrEnv(Path option, Map<String, String> env)
      throws IOException {
    Path file = option;
    if (file == null || file.toString().isBlank()) {
      String named = env.get(ENV);
      file = named == null || named.isBlank() ? null : Path.of(named.strip());
    }
    return file == null ? Optional.empty() : Optional.of(read(file));
  }

  /** The value of the {@code Authorization} header that presents this token. */
  public String authorization() {
    return "Bearer " + value;
  }

  /**
   * Whether an {@code Authorization} header presents this token. Both sides are compared as SHA-256
   * digests with {@link MessageDigest#isEqual}, so the time taken says nothing about how much of a
   * guess was right, nor about the token's length.
   */
  public boolean matches(String authorization) {
    if (!isBearer(authorization)) {
      return false;
    }
    String presented = authorization.substring(SCHEME.length()).strip();
    return MessageDigest.isEqual(digest, sha256(presented.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a header presents a bearer token at all, right or wrong. */
  public static boolean isBearer(String authorization) {
    return authorization != null
        && authorization.length() >= SCHEME.length()
        && authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME);
  }

  /** Never the token. */
  @Override
  public String toString() {
    return "ApiToken[redacted]";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
