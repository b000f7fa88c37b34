package dev.lineage.bench.closure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The closure benchmark's results as markdown: one row per size class (every start's timings
 * pooled) and one row per start. The first system is the baseline that the others are compared
 * with.
 */
public final class ResultTable {
  private ResultTable() {}

  public static String bySizeClass(
      List<ClosureSelector.SizeClass> classes, List<SystemRun> systems) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("target", "starts", "closure sizes"));
    for (SystemRun s : systems) {
      header.add(s.name() + " median ms");
      header.add(s.name() + " p99 ms");
    }
    for (SystemRun s : systems.subList(Math.min(1, systems.size()), systems.size())) {
      header.add(systems.get(0).name() + " ÷ " + s.name());
    }
    row(out, header);
    separator(out, header.size());
    for (ClosureSelector.SizeClass sc : classes) {
      List<String> cells = new ArrayList<>();
      cells.add(String.format(Locale.ROOT, "%,d", sc.target()));
      cells.add(Integer.toString(sc.starts().size()));
      if (sc.starts().isEmpty()) {
        cells.add(String.format(Locale.ROOT, "none in %,d–%,d", sc.min(), sc.max()));
        while (cells.size() < header.size()) {
          cells.add("–");
        }
        row(out, cells);
        continue;
      }
      cells.add(sizes(sc.starts()));
      List<Latency> pooled = new ArrayList<>();
      for (SystemRun s : systems) {
        Latency l = pool(sc, s);
        pooled.add(l);
        cells.add(millis(l.medianMillis()));
        cells.add(millis(l.p99Millis()));
      }
      for (int i = 1; i < systems.size(); i++) {
        cells.add(ratio(pooled.get(0).medianMillis(), pooled.get(i).medianMillis()));
      }
      row(out, cells);
    }
    return out.toString();
  }

  public static String byStart(List<ClosureSelector.SizeClass> classes, List<SystemRun> systems) {
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("target", "start", "kind", "closure"));
    for (SystemRun s : systems) {
      header.add(s.name() + " median ms");
      header.add(s.name() + " p99 ms");
    }
    row(out, header);
    separator(out, header.size());
    for (ClosureSelector.SizeClass sc : classes) {
      for (ClosureSelector.Start start : sc.starts()) {
        List<String> cells = new ArrayList<>();
        cells.add(String.format(Locale.ROOT, "%,d", sc.target()));
        cells.add("`" + start.id() + "`");
        cells.add(start.kind());
        cells.add(String.format(Locale.ROOT, "%,d", start.closureSize()));
        for (SystemRun s : systems) {
          ClosureTimer.Timed t = s.byStart().get(start.id());
          cells.add(t == null ? "–" : millis(t.latency().medianMillis()));
          cells.add(t == null ? "–" : millis(t.latency().p99Millis()));
        }
        row(out, cells);
      }
    }
    return out.toString();
  }

  /** Every answer that differs from the reference walk's closure size, one line each. */
  public static List<String> mismatches(
      List<ClosureSelector.SizeClass> classes, List<SystemRun> systems) {
    List<String> found = new ArrayList<>();
    for (ClosureSelector.SizeClass sc : classes) {
      for (ClosureSelector.Start start : sc.starts()) {
        for (SystemRun s : systems) {
          ClosureTimer.Timed t = s.byStart().get(start.id());
          if (t != null && t.answer() != s.expected(start)) {
            found.add(
                s.name()
                    + " answered "
                    + t.answer()
                    + " for "
                    + start.id()
                    + ", expected "
                    + s.expected(start));
          }
        }
      }
    }
    return found;
  }

  private static Latency pool(ClosureSelector.SizeClass sc, SystemRun s) {
    List<Latency> all = new ArrayList<>();
    for (ClosureSelector.Start start : sc.starts()) {
      ClosureTimer.Timed t = s.byStart().get(start.id());
      if (t != null) {
        all.add(t.latency());
      }
    }
    return Latency.pooled(all);
  }

  private static String sizes(List<ClosureSelector.Start> starts) {
    List<String> parts = new ArrayList<>();
    for (ClosureSelector.Start s : starts) {
      parts.add(String.format(Locale.ROOT, "%,d", s.closureSize()));
    }
    return String.join(", ", parts);
  }

  /** Three significant figures or so, whatever the magnitude. */
  static String millis(double ms) {
    if (ms >= 100) {
      return String.format(Locale.ROOT, "%.0f", ms);
    }
    if (ms >= 10) {
      return String.format(Locale.ROOT, "%.1f", ms);
    }
    if (ms >= 1) {
      return String.format(Locale.ROOT, "%.2f", ms);
    }
    if (ms >= 0.1) {
      return String.format(Locale.ROOT, "%.3f", ms);
    }
    return String.format(Locale.ROOT, "%.4f", ms);
  }

  static String ratio(double baseline, double other) {
    if (other <= 0) {
      return "–";
    }
    double r = baseline / other;
    return r >= 10
        ? String.format(Locale.ROOT, "%,.0f×", r)
        : String.format(Locale.ROOT, "%.1f×", r);
  }

  private static void row(StringBuilder out, List<String> cells) {
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static void separator(StringBuilder out, int columns) {
    out.append('|');
    for (int i = 0; i < columns; i++) {
      out.append("---|");
    }
    out.append('\n');
  }
}
