package dev.lineage.settings;

/**
 * A setting whose value cannot be used: the message names the setting and where the value came from
 * (file, environment variable or flag), never a secret's value.
 */
public final class SettingException extends IllegalArgumentException {
  private final Setting<?> setting;
  private final SettingSource source;

  public SettingException(Setting<?> setting, SettingSource source, String where, String reason) {
    super(setting.property() + " (" + where + "): " + reason);
    this.setting = setting;
    this.source = source;
  }

  public Setting<?> setting() {
    return setting;
  }

  public SettingSource source() {
    return source;
  }
}
