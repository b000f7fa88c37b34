package dev.lineage.cli;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * A file a command reads whole (record keys, scores, a payload, an envelope), checked before it is
 * opened: opening a FIFO blocks until something writes to it, and reading a device may never end,
 * so anything but a regular file is refused at once as a usage error naming the option.
 */
final class InputFiles {
  private InputFiles() {}

  /**
   * @param option the option or parameter that named the file, as the user typed it
   * @throws NoSuchFileException when there is nothing at {@code file} (exit 2, "no such file")
   * @throws ParameterException when it is a directory or not a regular file
   */
  static Path check(CommandSpec spec, String option, Path file) throws NoSuchFileException {
    if (Files.isRegularFile(file)) {
      return file;
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (Files.isDirectory(file)) {
      throw new ParameterException(
          spec.commandLine(), option + " " + file + " is a directory; give a file");
    }
    throw new ParameterException(
        spec.commandLine(),
        option
            + " "
            + file
            + " is not a regular file (a FIFO, device or socket would be read forever or not at"
            + " all); give a file");
  }
}
