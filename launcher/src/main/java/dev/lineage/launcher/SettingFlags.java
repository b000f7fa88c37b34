package dev.lineage.launcher;

import dev.lineage.settings.Setting;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of an app's declared settings on a service command, made from the declarations: an
 * option the command does not declare itself (with its own help) is added here, so every declared
 * flag works and says where else the setting can be given. Their values are read back from the
 * parse result by {@link ServiceOptions#appValues}.
 */
final class SettingFlags {
  private SettingFlags() {}

  static void addTo(CommandLine command, List<Setting<?>> declared) {
    CommandSpec spec = command.getCommandSpec();
    for (Setting<?> s : declared) {
      if (s.flag().isEmpty() || spec.optionsMap().containsKey(s.flag().get())) {
        continue;
      }
      StringBuilder help = new StringBuilder(capitalized(s.description()));
      help.append(" (property ").append(s.property());
      s.env().ifPresent(e -> help.append(", env ").append(e));
      help.append("; default ").append(s.defaultText()).append(").");
      spec.addOption(
          OptionSpec.builder(s.flag().get())
              .paramLabel("VALUE")
              .type(String.class)
              .description(help.toString().replace("%", "%%"))
              .build());
    }
  }

  private static String capitalized(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
