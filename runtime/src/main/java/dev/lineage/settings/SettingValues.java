package dev.lineage.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The values of one app's declared settings, each with where it came from, plus the passthrough
 * settings (e.g. {@code streams.*}, handed to Kafka Streams as they are). Immutable: {@link #with}
 * returns a copy, so an app's settings class needs no hand-written copy methods.
 */
public final class SettingValues {
  private record Value(Object value, SettingSource source) {}

  private final List<Setting<?>> declared;
  private final Map<Setting<?>, Value> values;
  private final Map<String, String> passthrough;

  private SettingValues(
      List<Setting<?>> declared, Map<Setting<?>, Value> values, Map<String, String> passthrough) {
    this.declared = declared;
    this.values = values;
    this.passthrough = passthrough;
  }

  /** The defaults of {@code declared}. */
  public static SettingValues defaults(List<Setting<?>> declared) {
    Map<Setting<?>, Value> values = new LinkedHashMap<>();
    for (Setting<?> s : declared) {
      values.put(s, new Value(s.defaultValue().orElse(null), SettingSource.DEFAULT));
    }
    return new SettingValues(List.copyOf(declared), values, Map.of());
  }

  public List<Setting<?>> declared() {
    return declared;
  }

  /** The value, or null for an unset setting without a default. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    Value v = values.get(known(setting));
    return v == null ? null : (T) v.value();
  }

  public <T> Optional<T> optional(Setting<T> setting) {
    return Optional.ofNullable(get(setting));
  }

  /** The value of a setting the app cannot run without. */
  public <T> T require(Setting<T> setting) {
    T value = get(setting);
    if (value == null) {
      throw new SettingException(
          setting,
          SettingSource.DEFAULT,
          SettingsLoader.names(setting),
          "required" + (setting.description().isEmpty() ? "" : ": " + setting.description()));
    }
    return value;
  }

  public SettingSource source(Setting<?> setting) {
    return values.get(known(setting)).source();
  }

  /** Whether a source other than the defaults gave the setting. */
  public boolean isSet(Setting<?> setting) {
    return source(setting) != SettingSource.DEFAULT;
  }

  /** A copy with {@code value} (checked; null unsets) set in code. */
  public <T> SettingValues with(Setting<T> setting, T value) {
    try {
      setting.check(value);
    } catch (IllegalArgumentException e) {
      throw new SettingException(setting, SettingSource.CODE, "set in code", e.getMessage());
    }
    return set(setting, value, SettingSource.CODE);
  }

  /** A copy with the value of {@code setting} unless it is set already by a source. */
  public <T> SettingValues withDefault(Setting<T> setting, T value) {
    return isSet(setting) ? this : with(setting, value);
  }

  <T> SettingValues set(Setting<T> setting, T value, SettingSource source) {
    Map<Setting<?>, Value> copy = new LinkedHashMap<>(values);
    copy.put(known(setting), new Value(value, source));
    return new SettingValues(declared, copy, passthrough);
  }

  /** The passthrough settings, their prefix taken off (e.g. {@code num.standby.replicas}). */
  public Map<String, String> passthrough() {
    return passthrough;
  }

  /** A copy with more passthrough settings; these win over the ones there. */
  public SettingValues withPassthrough(Map<String, ?> more) {
    Map<String, String> all = new TreeMap<>(passthrough);
    more.forEach((k, v) -> all.put(k, String.valueOf(v)));
    return new SettingValues(declared, values, Collections.unmodifiableMap(all));
  }

  private Setting<?> known(Setting<?> setting) {
    if (!values.containsKey(setting)) {
      throw new IllegalArgumentException(setting.property() + " is not declared here");
    }
    return setting;
  }

  /** The values, secrets left out, for a log line. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (Setting<?> s : declared) {
      Value v = values.get(s);
      if (v.source() == SettingSource.DEFAULT) {
        continue;
      }
      b.append(b.length() > 1 ? ", " : "").append(s.property()).append('=');
      b.append(s.secret() ? "(secret)" : String.valueOf(v.value()));
    }
    return b.append('}').toString();
  }
}
