package dev.lineage.launcher;

import dev.lineage.cli.CommandFailedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory of a running stack, held for its life. Taken first, before any port is bound:
 * a second {@code lineage up} on the same directory is told that the directory is in use (the
 * cause), not that a port or the broker's own lock is (a symptom), whatever ports it was given.
 */
final class DataDirLock implements AutoCloseable {
  static final String FILE = ".lineage.lock";

  private final FileChannel channel;

  private DataDirLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * @param option the option that chose the directory, for the message ({@code --data-dir})
   * @throws CommandFailedException when another process (or another stack in this JVM) holds it
   */
  static DataDirLock acquire(Path dir, String option) {
    Path file = dir.resolve(FILE);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new CommandFailedException(
          "cannot use data directory "
              + dir
              + " ("
              + e.getMessage()
              + "); choose another with "
              + option,
          e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CommandFailedException("cannot lock data directory " + dir + ": " + e, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new CommandFailedException(
          "data directory "
              + dir
              + " is in use by another running Lineage (it holds "
              + file
              + "): stop that one, or choose another directory with "
              + option);
    }
    return new DataDirLock(channel);
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // releasing a lock cannot be retried; the process exit releases it anyway
    }
  }
}
