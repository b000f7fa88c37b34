package dev.lineage.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings table of a README, rendered from the declarations, between the markers {@code <!--
 * settings:begin -->} and {@code <!-- settings:end -->}: each app's README test compares it with
 * the README and, run with {@code -Dlineage.settings.rewrite=true}, rewrites the section.
 */
public final class SettingsTable {
  public static final String BEGIN = "<!-- settings:begin -->";
  public static final String END = "<!-- settings:end -->";

  private SettingsTable() {}

  /** A Markdown table of {@code declared}, then a line for the passthrough prefix if any. */
  public static String render(List<Setting<?>> declared, String passthroughPrefix) {
    StringBuilder b = new StringBuilder();
    b.append("| property | environment | flag | default | what |\n");
    b.append("|---|---|---|---|---|\n");
    for (Setting<?> s : declared) {
      b.append("| `").append(s.property()).append("` | ");
      b.append(s.env().map(e -> "`" + e + "`").orElse(""));
      for (String old : s.deprecatedEnv()) {
        b.append(" (deprecated: `").append(old).append("`)");
      }
      b.append(" | ").append(s.flag().map(f -> "`" + f + "`").orElse(""));
      b.append(" | ").append(code(s.defaultText()));
      b.append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
    }
    if (passthroughPrefix != null) {
      b.append("| `")
          .append(passthroughPrefix)
          .append("<name>` |  |  |  | any Kafka Streams setting, passed as is, applied last |\n");
    }
    return b.toString();
  }

  private static String code(String text) {
    if (text.equals("none") || text.startsWith("required")) {
      return text.replace("|", "\\|");
    }
    return "`" + text.replace("|", "\\|") + "`";
  }

  /** {@code readme} with its marked section replaced by {@code table}. */
  public static String replaceSection(String readme, String table) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " section");
    }
    return readme.substring(0, begin + BEGIN.length()) + "\n" + table + readme.substring(end);
  }

  /** The marked section of {@code readme}, as {@link #replaceSection} writes it. */
  public static String section(String readme) {
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("no " + BEGIN + " ... " + END + " section");
    }
    return readme.substring(begin + BEGIN.length() + 1, end);
  }

  /**
   * What a README test does: with {@code -Dlineage.settings.rewrite=true} rewrites the section,
   * else compares it with {@code table}.
   *
   * @return empty when the README agrees (or was rewritten), else what differs and how to fix it
   */
  public static java.util.Optional<String> checkOrRewrite(Path readme, String table, String test)
      throws IOException {
    if (Boolean.getBoolean("lineage.settings.rewrite")) {
      rewrite(readme, table);
      return java.util.Optional.empty();
    }
    String now = section(Files.readString(readme));
    if (now.equals(table)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        readme
            + ": the settings table differs from the declarations. Rewrite it with: mvn -B -o"
            + " test -pl <module> -am -Dexplorer.skip -Dtest="
            + test
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dlineage.settings.rewrite=true\n"
            + "expected:\n"
            + table
            + "\nfound:\n"
            + now);
  }

  /** Rewrites the marked section of {@code readme} with {@code table}; true if it changed. */
  public static boolean rewrite(Path readme, String table) throws IOException {
    String before = Files.readString(readme);
    String after = replaceSection(before, table);
    if (after.equals(before)) {
      return false;
    }
    Files.writeString(readme, after);
    return true;
  }
}
