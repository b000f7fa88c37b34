package dev.lineage.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Where a command writes what it was asked for ({@code --out}). A place that cannot be written is
 * the command line's fault whatever the reason (a missing directory, no permission, a read-only or
 * pseudo file system), so it is always a usage error (exit 2) naming the option: checked before any
 * work, and again when the file is created, since only creating it tells for sure. Directories are
 * never made on the way: a typo in a path must not leave a tree of directories behind.
 */
final class OutputFiles {
  /** Writes to an output file. */
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  private OutputFiles() {}

  /** Refuses an output whose directory does not exist or is not a directory. */
  static Path check(CommandSpec spec, String option, Path out) {
    if (out.toString().isEmpty()) {
      throw new ParameterException(spec.commandLine(), option + " must name a file");
    }
    Path parent = out.toAbsolutePath().normalize().getParent();
    if (parent == null) {
      throw new ParameterException(spec.commandLine(), option + " " + out + " names no file");
    }
    if (!Files.exists(parent)) {
      throw new ParameterException(
          spec.commandLine(),
          option + " " + out + ": directory " + parent + " does not exist (create it first)");
    }
    if (!Files.isDirectory(parent)) {
      throw new ParameterException(
          spec.commandLine(), option + " " + out + ": " + parent + " is not a directory");
    }
    return out;
  }

  /**
   * Runs {@code write}; a failure to create the file at {@code out} becomes a usage error naming
   * the option. An existing file keeps its own message (also exit 2); failures once writing has
   * begun (a full disk) stay failures of the work (exit 1).
   */
  static void write(CommandSpec spec, String option, Path out, Write write) throws IOException {
    try {
      write.run();
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (AccessDeniedException | NoSuchFileException | NotDirectoryException e) {
      throw unwritable(spec, option, out, e);
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("Read-only file system")) {
        throw unwritable(spec, option, out, e);
      }
      throw e;
    }
  }

  private static ParameterException unwritable(
      CommandSpec spec, String option, Path out, FileSystemException e) {
    String why =
        e instanceof AccessDeniedException
            ? "permission denied"
            : e instanceof NoSuchFileException
                ? "no such file or directory"
                : e instanceof NotDirectoryException
                    ? "not a directory"
                    : e.getReason().toLowerCase(Locale.ROOT);
    String file = e.getFile() == null ? out.toString() : e.getFile();
    return new ParameterException(
        spec.commandLine(), option + " " + out + ": cannot write " + file + " (" + why + ")", e);
  }
}
