package dev.lineage.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every {@code LINEAGE_*} variable docker-compose.yml gives the apps is read by what the container
 * runs ({@code lineage streams|impact}): a declared setting, a launcher option, or the explorer. A
 * renamed variable would otherwise be ignored in production without a word.
 */
class ComposeEnvironmentTest {
  private static final Pattern VARIABLE =
      Pattern.compile("^\\s+(LINEAGE_[A-Z0-9_]+):", Pattern.MULTILINE);
  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:(LINEAGE_[A-Z0-9_]+)");

  @Test
  void everyVariableTheComposeFileSetsIsReadByTheServiceCommands() throws IOException {
    String compose = Files.readString(Path.of("..", "docker-compose.yml"));
    Set<String> set = new TreeSet<>();
    Matcher m = VARIABLE.matcher(compose);
    while (m.find()) {
      set.add(m.group(1));
    }

    Set<String> read = new TreeSet<>();
    CommandLine cli = Main.commandLine();
    for (String command : List.of("streams", "impact", "acls")) {
      for (OptionSpec option : cli.getSubcommands().get(command).getCommandSpec().options()) {
        if (option.defaultValueString(false) != null) {
          Matcher env = ENV_DEFAULT.matcher(option.defaultValueString(false));
          while (env.find()) {
            read.add(env.group(1));
          }
        }
      }
    }
    List<Setting<?>> declared = new ArrayList<>(dev.lineage.streams.StreamsSettings.DECLARED);
    declared.addAll(dev.lineage.impact.ImpactSettings.DECLARED);
    for (Setting<?> s : declared) {
      s.env().ifPresent(read::add);
      read.addAll(s.deprecatedEnv());
    }

    assertThat(set).isNotEmpty().contains("LINEAGE_DATA_DIR", "LINEAGE_CAS");
    assertThat(read).containsAll(set);
  }
}
