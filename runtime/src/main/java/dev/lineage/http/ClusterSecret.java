package dev.lineage.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret every instance of one deployment holds, and what proves to another instance that a
 * call comes from a member ({@link RequestMac}). Read from a file ({@code --cluster-secret-file},
 * {@value #ENV}); {@code lineage up} makes its own once, 32 random bytes in a file only its owner
 * may read. The secret never appears in a message, a log line or {@link #toString()}.
 *
 * <p>The file's bytes are the secret, exactly as they are (no trimming): all instances read the
 * same file the same way, so any content of at least {@value #MIN_BYTES} bytes works, e.g. {@code
 * head -c 32 /dev/urandom}. The MAC key is derived from it for this one use, so the same secret
 * could later key something else without the two uses ever producing each other's MACs.
 */
public final class ClusterSecret {
  /** The environment variable naming the secret file when the option is absent. */
  public static final String ENV = "LINEAGE_CLUSTER_SECRET_FILE";

  /** Shorter than this is guessable. */
  public static final int MIN_BYTES = 32;

  private static final int MAX_BYTES = 4096;
  private static final String HMAC = "HmacSHA256";
  private static final byte[] PURPOSE =
      "lineage internal API request MAC v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec macKey;

  private ClusterSecret(byte[] secret) {
    byte[] derived = hmac(new SecretKeySpec(secret, HMAC), PURPOSE);
    this.macKey = new SecretKeySpec(derived, HMAC);
    Arrays.fill(derived, (byte) 0);
  }

  /** A secret given as bytes, e.g. by a test. */
  public static ClusterSecret of(byte[] secret) {
    if (secret.length < MIN_BYTES || secret.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a cluster secret is " + MIN_BYTES + " to " + MAX_BYTES + " bytes");
    }
    return new ClusterSecret(secret);
  }

  /**
   * The secret in {@code file}.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it is too short or too long (the message names the file,
   *     never its content)
   */
  public static ClusterSecret read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    try {
      if (bytes.length < MIN_BYTES) {
        throw new IllegalArgumentException(
            "the cluster secret file "
                + file
                + " holds "
                + bytes.length
                + " bytes; at least "
                + MIN_BYTES
                + " are needed (make one with: head -c 32 /dev/urandom > FILE)");
      }
      if (bytes.length > MAX_BYTES) {
        throw new IllegalArgumentException(
            "the cluster secret file " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      return new ClusterSecret(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The secret in {@code file}, made first when there is none: 32 bytes from {@link SecureRandom},
   * in a file created with mode 0600 and moved into place whole, so a crash never leaves half a
   * secret. What {@code lineage up} does under its data directory.
   */
  public static ClusterSecret ensure(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    byte[] bytes = new byte[MIN_BYTES];
    new SecureRandom().nextBytes(bytes);
    Path temp;
    try {
      temp =
          Files.createTempFile(
              dir,
              ".cluster-secret",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      throw new IOException(
          "cannot create " + file + " readable by its owner only on this file system", notPosix);
    }
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write(bytes);
      }
      Files.move(temp, file);
      return new ClusterSecret(bytes);
    } catch (FileAlreadyExistsException raced) {
      return read(file);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      Files.deleteIfExists(temp);
    }
  }

  /** HMAC-SHA256 of {@code message} under the derived key. */
  byte[] mac(byte[] message) {
    return hmac(macKey, message);
  }

  private static byte[] hmac(SecretKeySpec key, byte[] message) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + HMAC, e);
    }
  }

  /** Never the secret. */
  @Override
  public String toString() {
    return "ClusterSecret[redacted]";
  }
}
