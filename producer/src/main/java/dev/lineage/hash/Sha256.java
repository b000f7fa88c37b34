package dev.lineage.hash;

import dev.lineage.id.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.util.function.LongConsumer;

/**
 * SHA-256 with the JDK's own provider: it uses the CPU's SHA instructions and runs several times
 * faster than BouncyCastle's pure-Java digest, so a BouncyCastle provider registered for signing
 * must never be picked up here by accident.
 */
public final class Sha256 {
  /** Large enough that the per-read system call cost disappears against hashing. */
  public static final int BUFFER_SIZE = 1 << 20;

  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_SIZE));

  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256", "SUN");
    } catch (NoSuchProviderException e) {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException("this JVM has no SHA-256", impossible);
      }
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("this JVM has no SHA-256", impossible);
    }
  }

  public static Digest of(byte[] bytes) {
    return Digest.of(newDigest().digest(bytes));
  }

  /** Digest of a file's bytes, streamed. */
  public static Digest ofFile(Path file) throws IOException {
    return ofFile(file, n -> {});
  }

  /** Digest of a file's bytes; {@code bytesRead} is told each chunk's size as it is hashed. */
  public static Digest ofFile(Path file, LongConsumer bytesRead) throws IOException {
    MessageDigest md = newDigest();
    ByteBuffer buf = BUFFERS.get();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      buf.clear();
      int n;
      while ((n = ch.read(buf)) >= 0) {
        buf.flip();
        md.update(buf);
        buf.clear();
        if (n > 0) {
          bytesRead.accept(n);
        }
      }
    }
    return Digest.of(md.digest());
  }
}
