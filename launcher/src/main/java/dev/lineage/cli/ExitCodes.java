package dev.lineage.cli;

/** The exit codes of every lineage command; scripts rely on them. */
public final class ExitCodes {
  /** Done; for checks, the check passed. */
  public static final int OK = 0;

  /** A check failed (bad signature, corrupt object, malformed envelope) or the work failed. */
  public static final int CHECK_FAILED = 1;

  /** The command line was wrong: fix the arguments (picocli's own code for parameter errors). */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
