package dev.lineage.cli;

import dev.lineage.cas.CorruptObjectException;
import dev.lineage.cas.ErasedObjectException;
import dev.lineage.cas.MissingObjectException;
import dev.lineage.compare.ScoreFileException;
import dev.lineage.hash.UnhashablePathException;
import dev.lineage.id.InvalidIdException;
import dev.lineage.manifest.ManifestFormatException;
import dev.lineage.manifest.ManifestVerificationException;
import dev.lineage.signing.KeyFormatException;
import dev.lineage.signing.MalformedEnvelopeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where exceptions become exit codes and messages: one line on standard error
 * (followed by the {@link CommandFailedException#details()} of a failed command that has steps to
 * give), a stack trace only with {@code --verbose} or {@code LINEAGE_VERBOSE=1} ({@code
 * LINEAGE_DEBUG=1} is read too: an earlier README named it). A usage error, whether picocli finds
 * it while parsing or a command while checking its options, is one line that ends by pointing at
 * the command's help, never the help itself.
 *
 * <ul>
 *   <li>2 (usage): the command line must change, e.g. a malformed digest or id, an image named by
 *       tag, a missing input, an input that is not a regular file (a FIFO, a device), an existing
 *       output, an output that cannot be written where it was asked, a symbolic link without
 *       --follow-symlinks, a file that is not a key, an input file that cannot be used as it is (a
 *       malformed score file);
 *   <li>1 (check failed): the data failed a check (bad or untrusted signature, corrupt or missing
 *       object, malformed envelope or manifest), or the work failed (I/O).
 * </ul>
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** Environment variables that turn stack traces on; the first is the documented one. */
  public static final List<String> VERBOSE_ENV = List.of("LINEAGE_VERBOSE", "LINEAGE_DEBUG");

  private final Map<String, String> env;

  public CliErrors() {
    this(System.getenv());
  }

  CliErrors(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    if (ex instanceof ParameterException usage) {
      return usage(usage, verbose(parseResult));
    }
    PrintWriter err = cmd.getErr();
    int code = exitCode(ex);
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + message(ex));
    if (ex instanceof CommandFailedException failed && !failed.details().isEmpty()) {
      err.println(failed.details());
    }
    if (verbose(parseResult)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  /** A command line picocli could not parse: one line, not the whole help. */
  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    return usage(ex, envVerbose());
  }

  private int usage(ParameterException ex, boolean verbose) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + usageMessage(ex) + "; see '" + name + " --help'");
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.USAGE;
  }

  /** The message on one line, with picocli's suggestions if it has any. */
  static String usageMessage(ParameterException ex) {
    String m = ex.getMessage() == null ? "the command line is not valid" : oneLine(ex.getMessage());
    if (ex instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      m += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    return m;
  }

  static int exitCode(Throwable ex) {
    if (ex instanceof ParameterException
        || ex instanceof InvalidIdException
        || ex instanceof KeyFormatException
        || ex instanceof UnhashablePathException
        || ex instanceof ScoreFileException
        || ex instanceof NoSuchFileException
        || ex instanceof NotDirectoryException
        || ex instanceof FileAlreadyExistsException) {
      return ExitCodes.USAGE;
    }
    return ExitCodes.CHECK_FAILED;
  }

  static String message(Throwable ex) {
    if (ex instanceof NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (ex instanceof FileAlreadyExistsException e) {
      return "already exists, will not overwrite: " + e.getFile();
    }
    if (ex instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile();
    }
    if (ex instanceof NotDirectoryException e) {
      return "not a directory: " + e.getFile();
    }
    boolean known =
        ex instanceof ParameterException
            || ex instanceof CheckFailedException
            || ex instanceof CommandFailedException
            || ex instanceof InvalidIdException
            || ex instanceof KeyFormatException
            || ex instanceof UnhashablePathException
            || ex instanceof ScoreFileException
            || ex instanceof CorruptObjectException
            || ex instanceof MissingObjectException
            || ex instanceof ErasedObjectException
            || ex instanceof MalformedEnvelopeException
            || ex instanceof ManifestFormatException
            || ex instanceof ManifestVerificationException;
    String m = ex.getMessage();
    if (known && m != null) {
      return oneLine(m);
    }
    String kind = ex instanceof IOException ? "I/O error" : "error";
    return kind + ": " + (m == null ? ex.getClass().getSimpleName() : oneLine(m));
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ');
  }

  private boolean verbose(ParseResult parseResult) {
    if (envVerbose()) {
      return true;
    }
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private boolean envVerbose() {
    for (String name : VERBOSE_ENV) {
      String v = env.get(name);
      if (v != null && !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false")) {
        return true;
      }
    }
    return false;
  }
}
