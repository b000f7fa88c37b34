package dev.lineage.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves declared settings in one order for every entry point: the defaults, then a properties
 * file, then the environment, then the command line; the last source that gives a value wins. A
 * blank value means unset. A value that cannot be parsed stops the load with a {@link
 * SettingException} naming the setting and its source.
 */
public final class SettingsLoader {
  private static final Logger log = LoggerFactory.getLogger(SettingsLoader.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private SettingsLoader() {}

  /**
   * @param declared the app's settings
   * @param passthroughPrefix file properties under this prefix (e.g. {@code streams.}) are kept as
   *     they are, the prefix taken off; null for none
   * @param file the settings file's properties (may be empty)
   * @param env the environment
   * @param flags values given on the command line, by flag name (e.g. {@code --http-port})
   */
  public static SettingValues load(
      List<Setting<?>> declared,
      String passthroughPrefix,
      Properties file,
      Map<String, String> env,
      Map<String, String> flags) {
    SettingValues values = SettingValues.defaults(declared);
    for (Setting<?> s : declared) {
      values = fromFile(values, s, file);
      values = fromEnv(values, s, env);
      values = fromFlags(values, s, flags);
    }
    if (passthroughPrefix != null) {
      Map<String, String> passthrough = new TreeMap<>();
      for (String name : file.stringPropertyNames()) {
        if (name.startsWith(passthroughPrefix)) {
          passthrough.put(
              name.substring(passthroughPrefix.length()), file.getProperty(name).trim());
        }
      }
      values = values.withPassthrough(passthrough);
    }
    return values;
  }

  /** Reads a settings file ({@code --settings FILE}); a missing or unreadable file is said so. */
  public static Properties readFile(Path file) {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("settings file " + file + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read settings file " + file, e);
    }
    return p;
  }

  private static <T> SettingValues fromFile(SettingValues values, Setting<T> s, Properties file) {
    String text = file.getProperty(s.property());
    return apply(values, s, text, SettingSource.FILE, "settings file");
  }

  private static <T> SettingValues fromEnv(
      SettingValues values, Setting<T> s, Map<String, String> env) {
    for (String old : s.deprecatedEnv()) {
      String text = env.get(old);
      if (text != null && !text.isBlank()) {
        if (WARNED.add(old)) {
          log.warn(
              "{} is deprecated: set {} instead (it sets {})",
              old,
              s.env().orElse(s.property()),
              s.property());
        }
        values = apply(values, s, text, SettingSource.ENVIRONMENT, "environment " + old);
      }
    }
    if (s.env().isPresent()) {
      String text = env.get(s.env().get());
      values = apply(values, s, text, SettingSource.ENVIRONMENT, "environment " + s.env().get());
    }
    return values;
  }

  private static <T> SettingValues fromFlags(
      SettingValues values, Setting<T> s, Map<String, String> flags) {
    if (s.flag().isEmpty()) {
      return values;
    }
    String text = flags.get(s.flag().get());
    return apply(values, s, text, SettingSource.FLAG, s.flag().get());
  }

  private static <T> SettingValues apply(
      SettingValues values, Setting<T> s, String text, SettingSource source, String where) {
    if (text == null || text.isBlank()) {
      return values;
    }
    T value;
    try {
      value = s.parse(text);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new SettingException(s, source, where, reason);
    }
    return values.set(s, value, source);
  }

  /** How a setting can be given, for messages: property, environment variable, flag. */
  static String names(Setting<?> s) {
    StringBuilder b = new StringBuilder("set it in a settings file");
    s.env().ifPresent(e -> b.append(", or ").append(e));
    s.flag().ifPresent(f -> b.append(", or ").append(f));
    return b.toString();
  }
}
