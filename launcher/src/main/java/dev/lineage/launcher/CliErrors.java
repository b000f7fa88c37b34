package dev.lineage.launcher;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Every failure of a command becomes one clear line on stderr and an exit code, here and nowhere
 * else. A stack trace is printed only when asked for with {@code LINEAGE_DEBUG=1}, so the message
 * is never buried under one.
 */
final class CliErrors implements IExecutionExceptionHandler {
  static final int FAILED = 1;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof UserFacingException) {
      cli.getErr().println("lineage " + cli.getCommandName() + ": " + message);
    } else {
      cli.getErr()
          .println(
              "lineage "
                  + cli.getCommandName()
                  + ": unexpected "
                  + e.getClass().getSimpleName()
                  + ": "
                  + message
                  + " (set LINEAGE_DEBUG=1 for the stack trace)");
    }
    if ("1".equals(System.getenv("LINEAGE_DEBUG"))) {
      e.printStackTrace(cli.getErr());
    }
    cli.getErr().flush();
    return FAILED;
  }
}
