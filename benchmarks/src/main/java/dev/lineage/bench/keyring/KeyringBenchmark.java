package dev.lineage.bench.keyring;

import dev.lineage.bench.keyring.KeyringWorkload.Hint;
import dev.lineage.bench.keyring.KeyringWorkload.Sizes;
import dev.lineage.bench.keyring.KeyringWorkload.Tally;
import dev.lineage.schemas.Reason;
import dev.lineage.trust.EventVerifier;
import dev.lineage.trust.KeyLog;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What keyring stuffing costs the apps, set against the work they exist for: on one thread, the CPU
 * time of (a) admitting junk grants into a key log that holds a root-granted producer, then
 * verifying events signed by unknown keys, against (b) verifying valid events by that producer.
 * Thread CPU time, not wall time, so other work on the machine does not count (the JIT and the
 * garbage collector run on their own threads and are left out for both sides alike). Every pass
 * starts from a fresh key log, and the warm-up passes run the same loops over the same records, so
 * the timed pass runs compiled code and no cache of an earlier pass. Exits 1 when (a) is not below
 * (b): a check a human runs, never a test.
 */
@Command(
    name = "keyring-benchmark",
    mixinStandardHelpOptions = true,
    description = "CPU of junk grants and unknown-key events against valid events, one thread.")
public final class KeyringBenchmark implements Callable<Integer> {
  @Option(names = "--junk-grants", defaultValue = "10000")
  int junkGrants;

  @Option(
      names = "--naming-root",
      defaultValue = "100",
      description = "How many of the junk grants carry a keyid naming the root.")
  int namingRoot;

  @Option(
      names = "--naming-producer",
      defaultValue = "100",
      description = "How many of the junk grants carry a keyid naming the granted producer.")
  int namingProducer;

  @Option(names = "--unknown-key-events", defaultValue = "1000")
  int unknownKeyEvents;

  @Option(names = "--valid-events", defaultValue = "2000")
  int validEvents;

  @Option(
      names = "--warmup-passes",
      defaultValue = "10",
      description =
          "Untimed passes over the same records, each on a fresh key log (on a 2-core VM the"
              + " pass time settles after about 7).")
  int warmupPasses;

  @Option(
      names = "--passes",
      defaultValue = "5",
      description = "Timed passes; the one with the median ratio is shown in detail and decides.")
  int passes;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) {
    System.exit(new CommandLine(new KeyringBenchmark()).execute(args));
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[keyring-bench] " + format + "%n", args);
  }

  @Override
  public Integer call() {
    if (!threads.isCurrentThreadCpuTimeSupported()) {
      throw new IllegalStateException("this JVM cannot measure a thread's CPU time");
    }
    threads.setThreadCpuTimeEnabled(true);
    Sizes sizes = new Sizes(junkGrants, namingRoot, namingProducer, unknownKeyEvents, validEvents);
    long started = System.nanoTime();
    KeyringWorkload workload = KeyringWorkload.generate(sizes);
    progress(
        "signed %d junk grants, %d unknown-key events, %d valid events in %.1f s (not timed)",
        junkGrants, unknownKeyEvents, validEvents, (System.nanoTime() - started) / 1e9);
    for (int i = 1; i <= warmupPasses; i++) {
      Pass warm = pass(workload);
      progress("warm-up pass %d: (a) %.0f ms, (b) %.0f ms", i, warm.aMillis(), warm.bMillis());
    }
    List<Pass> timed = new ArrayList<>();
    for (int i = 0; i < passes; i++) {
      Pass p = pass(workload);
      p.check(sizes);
      timed.add(p);
    }
    List<Pass> byRatio = timed.stream().sorted(Comparator.comparingDouble(Pass::ratio)).toList();
    Pass median = byRatio.get(byRatio.size() / 2);
    print(sizes, timed, median);
    return median.ratio() < 1 ? 0 : 1;
  }

  /** CPU nanoseconds of each part of one pass, and the decisions it made. */
  record Pass(
      Map<Hint, Long> junkNanos,
      Map<Hint, Tally> junkTallies,
      long junkStored,
      long unknownNanos,
      Tally unknownTally,
      long validNanos,
      Tally validTally) {
    long aNanos() {
      return junkNanos.values().stream().mapToLong(Long::longValue).sum() + unknownNanos;
    }

    long bNanos() {
      return validNanos;
    }

    double aMillis() {
      return aNanos() / 1e6;
    }

    double bMillis() {
      return bNanos() / 1e6;
    }

    double ratio() {
      return (double) aNanos() / bNanos();
    }

    /** The workload did what it claims, or the figures mean nothing. */
    void check(Sizes sizes) {
      for (Hint hint : Hint.values()) {
        if (junkTallies.get(hint).count(Tally.ACCEPTED) != 0) {
          throw new IllegalStateException("a junk grant was admitted: " + junkTallies);
        }
      }
      if (junkStored != 0) {
        throw new IllegalStateException(junkStored + " junk grants are in the key log");
      }
      if (unknownTally.count(Reason.UNKNOWN_KEY.wire()) != sizes.unknownKeyEvents()) {
        throw new IllegalStateException("not every unknown-key event was: " + unknownTally);
      }
      if (validTally.count(Tally.ACCEPTED) != sizes.validEvents()) {
        throw new IllegalStateException("not every valid event was accepted: " + validTally);
      }
    }
  }

  /**
   * One pass on a fresh key log: (a) the junk grants, one hint after the other, then the
   * unknown-key events; (b) the valid events, on the same key log after the junk was offered.
   */
  private Pass pass(KeyringWorkload workload) {
    KeyLog log = workload.freshKeyLog();
    EventVerifier verifier = KeyringWorkload.verifier(log);
    Map<Hint, Long> junkNanos = new EnumMap<>(Hint.class);
    Map<Hint, Tally> junkTallies = new EnumMap<>(Hint.class);
    long t = threads.getCurrentThreadCpuTime();
    for (Hint hint : Hint.values()) {
      junkTallies.put(hint, KeyringWorkload.admit(workload.junkGrants.get(hint), log));
      long now = threads.getCurrentThreadCpuTime();
      junkNanos.put(hint, now - t);
      t = now;
    }
    Tally unknown = KeyringWorkload.verify(workload.unknownKeyEvents, verifier);
    long afterUnknown = threads.getCurrentThreadCpuTime();
    Tally valid = KeyringWorkload.verify(workload.validEvents, verifier);
    long afterValid = threads.getCurrentThreadCpuTime();
    long stored =
        workload.junkGrants.values().stream()
            .flatMap(l -> l.stream())
            .filter(g -> log.history(g.grantedKeyId()).isPresent())
            .count();
    return new Pass(
        junkNanos,
        junkTallies,
        stored,
        afterUnknown - t,
        unknown,
        afterValid - afterUnknown,
        valid);
  }

  private void print(Sizes sizes, List<Pass> timed, Pass p) {
    System.out.printf(
        Locale.ROOT,
        "Keyring on one thread: CPU time of this thread (ThreadMXBean), %d timed passes after %d"
            + " warm-up passes%n",
        timed.size(),
        warmupPasses);
    System.out.printf(
        Locale.ROOT,
        "passes, (a) ms / (b) ms = ratio: %s%n",
        timed.stream()
            .map(
                t ->
                    String.format(
                        Locale.ROOT, "%.1f / %.1f = %.3f", t.aMillis(), t.bMillis(), t.ratio()))
            .collect(Collectors.joining(", ")));
    System.out.printf(Locale.ROOT, "median pass by ratio:%n");
    System.out.printf(Locale.ROOT, "(a) junk grants and unknown-key events%n");
    for (Hint hint : Hint.values()) {
      row(
          "junk grants, " + hint.label,
          sizes.count(hint),
          p.junkNanos().get(hint),
          p.junkTallies().get(hint));
    }
    System.out.printf(Locale.ROOT, "    junk grants stored in the key log: %d%n", p.junkStored());
    row("unknown-key events", sizes.unknownKeyEvents(), p.unknownNanos(), p.unknownTally());
    System.out.printf(Locale.ROOT, "    %-51s %9.1f ms%n", "total (a)", p.aMillis());
    System.out.printf(Locale.ROOT, "(b) valid events%n");
    row(
        "ArtifactRegistered by the granted producer",
        sizes.validEvents(),
        p.validNanos(),
        p.validTally());
    System.out.printf(Locale.ROOT, "    %-51s %9.1f ms%n", "total (b)", p.bMillis());
    double ratio = p.ratio();
    System.out.printf(
        Locale.ROOT,
        "ratio (a)/(b): %.3f, %s%n",
        ratio,
        ratio < 1 ? "(a) costs less than (b)" : "FAIL: (a) does not cost less than (b)");
  }

  private static void row(String what, int count, long nanos, Tally tally) {
    System.out.printf(
        Locale.ROOT,
        "    %6d %-44s %9.1f ms  %7.1f us each  %s%n",
        count,
        what,
        nanos / 1e6,
        count == 0 ? 0.0 : nanos / 1e3 / count,
        tally);
  }
}
