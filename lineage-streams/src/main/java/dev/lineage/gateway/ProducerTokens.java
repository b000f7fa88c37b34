package dev.lineage.gateway;

import dev.lineage.hash.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens OpenLineage producers send to {@code POST /api/v1/lineage}, each mapped to the
 * producer name the gateway vouches for ({@code http:<name>} in the attestation). Read from a file
 * of lines {@code <producer name> <token>} (blank lines and {@code #} comments ignored); a name is
 * 1 to 100 ASCII letters, digits, {@code . _ -}, a token 32 to 512 visible ASCII characters. Only
 * the tokens' SHA-256 is kept, so a lookup compares digests, never the secret itself.
 */
public final class ProducerTokens {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]{32,512}");
  private static final String BEARER = "Bearer ";

  private final Map<String, String> producerByDigest;

  private ProducerTokens(Map<String, String> producerByDigest) {
    this.producerByDigest = Map.copyOf(producerByDigest);
  }

  /** The tokens of a file; the message of a refusal names the line, never a token. */
  public static ProducerTokens read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the producer token file " + file + ": " + e, e);
    }
    return parse(lines, file.toString());
  }

  static ProducerTokens parse(List<String> lines, String what) {
    Map<String, String> byDigest = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2 || !NAME.matcher(parts[0]).matches()) {
        throw new IllegalArgumentException(
            what
                + " line "
                + (i + 1)
                + ": write '<producer name> <token>', the name 1 to 100 ASCII letters, digits,"
                + " '.', '_', '-'");
      }
      if (!TOKEN.matcher(parts[1]).matches()) {
        throw new IllegalArgumentException(
            what
                + " line "
                + (i + 1)
                + ": the token of "
                + parts[0]
                + " must be 32 to 512 visible ASCII characters");
      }
      if (byDigest.put(digest(parts[1]), parts[0]) != null) {
        throw new IllegalArgumentException(
            what + " line " + (i + 1) + ": this token is given to two producers");
      }
    }
    if (byDigest.isEmpty()) {
      throw new IllegalArgumentException(what + " names no producer");
    }
    return new ProducerTokens(byDigest);
  }

  /** The producer an {@code Authorization: Bearer <token>} header authenticates, if any. */
  public Optional<String> producer(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER)) {
      return Optional.empty();
    }
    String token = authorization.substring(BEARER.length()).strip();
    return Optional.ofNullable(producerByDigest.get(digest(token)));
  }

  /** How many producers hold a token. */
  public int size() {
    return producerByDigest.size();
  }

  private static String digest(String token) {
    return Sha256.of(token.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public String toString() {
    return "ProducerTokens[" + producerByDigest.size() + " producers]";
  }
}
