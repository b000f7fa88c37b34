package dev.lineage.settings;

/** Where a setting's value came from; later sources win ({@link SettingsLoader}). */
public enum SettingSource {
  DEFAULT("default"),
  FILE("settings file"),
  ENVIRONMENT("environment"),
  FLAG("command line"),
  /** Set in code by the program that runs the app (the launcher's own choices). */
  CODE("code");

  private final String label;

  SettingSource(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
