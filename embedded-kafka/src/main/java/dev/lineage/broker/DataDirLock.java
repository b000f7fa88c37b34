package dev.lineage.broker;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data directory, held while a broker runs there.
 *
 * <p>Kafka locks its log directory only when the broker part starts, after the controller part has
 * already opened the metadata log in the same directory: a second broker on a directory in use gets
 * far enough to disturb the first one before it fails. Taking this lock first stops it before
 * anything is touched, whether the other broker runs in this JVM or another process.
 */
final class DataDirLock implements AutoCloseable {
  static final String LOCK_FILE = ".embedded-broker.lock";

  private final FileChannel channel;

  private DataDirLock(FileChannel channel) {
    this.channel = channel;
  }

  static DataDirLock acquire(Path dir) throws BrokerStartException {
    Path file = dir.resolve(LOCK_FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new BrokerStartException(
          BrokerStartException.Problem.DATA_DIR_UNUSABLE,
          "Data directory " + dir + " is not writable (" + e + ")",
          e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException e) {
      closeAfterFailure(channel, e);
      throw new BrokerStartException(
          BrokerStartException.Problem.DATA_DIR_UNUSABLE,
          "Cannot lock data directory " + dir + " (" + e + ")",
          e);
    }
    if (lock == null) {
      closeAfterFailure(channel, null);
      throw new BrokerStartException(
          BrokerStartException.Problem.DATA_DIR_IN_USE,
          "Data directory "
              + dir
              + " is in use by another running broker (it holds "
              + file
              + "): stop it or choose another data directory",
          null);
    }
    return new DataDirLock(channel);
  }

  /** Releases the lock; calling it again does nothing. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot release the data directory lock", e);
    }
  }

  private static void closeAfterFailure(FileChannel channel, Exception cause) {
    try {
      channel.close();
    } catch (IOException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      }
    }
  }
}
