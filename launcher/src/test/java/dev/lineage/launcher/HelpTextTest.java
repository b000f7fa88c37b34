package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every {@code --help} of every command reads as written: descriptions are whole sentences (the
 * command list shows only a description's first line, and picocli breaks a line after each
 * element), and every value is shown by a label a person understands, never picocli's {@code
 * <fieldName>} placeholder.
 */
class HelpTextTest {
  private static final Pattern ENDS_A_SENTENCE = Pattern.compile(".*[.:?!)]$");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][A-Za-z]*>");

  private static List<CommandLine> all(CommandLine cl) {
    List<CommandLine> out = new ArrayList<>();
    out.add(cl);
    for (CommandLine sub : cl.getSubcommands().values()) {
      out.addAll(all(sub));
    }
    return out;
  }

  @Test
  void descriptionsAreWholeSentences() {
    List<String> cut = new ArrayList<>();
    for (CommandLine cl : all(Main.commandLine())) {
      CommandSpec spec = cl.getCommandSpec();
      for (String line : spec.usageMessage().description()) {
        // an indented line is an example to copy, not prose
        if (!line.startsWith("  ") && !ENDS_A_SENTENCE.matcher(line.strip()).matches()) {
          cut.add(spec.qualifiedName() + ": \"" + line + "\"");
        }
      }
      for (ArgSpec arg : spec.args()) {
        for (String line : arg.description()) {
          if (!ENDS_A_SENTENCE.matcher(line.strip()).matches()) {
            cut.add(spec.qualifiedName() + " " + arg.paramLabel() + ": \"" + line + "\"");
          }
        }
      }
    }
    assertThat(cut).as("descriptions that stop mid-sentence").isEmpty();
  }

  @Test
  void everyValueHasALabelAndEveryOptionADescription() {
    List<String> bad = new ArrayList<>();
    for (CommandLine cl : all(Main.commandLine())) {
      CommandSpec spec = cl.getCommandSpec();
      for (ArgSpec arg : spec.args()) {
        if (arg.arity().max() > 0 && PLACEHOLDER.matcher(arg.paramLabel()).matches()) {
          bad.add(spec.qualifiedName() + " shows " + arg.paramLabel());
        }
        if (arg.description().length == 0) {
          bad.add(spec.qualifiedName() + " " + arg.paramLabel() + " has no description");
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  @Test
  void upSaysAllThatItsDataDirectoryHolds() {
    String help =
        Main.commandLine().getSubcommands().get("up").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help.replaceAll("\\s+", " "))
        .contains("--data-dir=DIR")
        .contains("the broker's data")
        .contains("Streams state")
        .contains("keys")
        .contains("content-addressed store");
  }
}
