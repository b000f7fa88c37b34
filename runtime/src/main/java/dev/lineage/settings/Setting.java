package dev.lineage.settings;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One setting of an app, declared once: its property name (in a settings file), its environment
 * variable, its command-line flag, its default, how its text is parsed and checked, and what it is
 * for. Every entry point loads the same declarations ({@link SettingsLoader}), and the READMEs'
 * settings tables are rendered from them ({@link SettingsTable}).
 *
 * <pre>{@code
 * static final Setting<Integer> MAX_PARKED =
 *     Setting.of("lineage.key.wait.max.parked", Parsers::count)
 *         .env("LINEAGE_KEY_WAIT_MAX_PARKED")
 *         .flag("--key-wait-max-parked")
 *         .defaultValue(10_000)
 *         .describe("events waiting per task at most")
 *         .build();
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {
  private final String property;
  private final String env;
  private final String flag;
  private final List<String> deprecatedEnv;
  private final T defaultValue;
  private final String defaultText;
  private final Function<String, T> parser;
  private final Consumer<T> check;
  private final String description;
  private final boolean secret;
  private final boolean required;

  private Setting(Builder<T> b) {
    this.property = b.property;
    this.env = b.env;
    this.flag = b.flag;
    this.deprecatedEnv = List.copyOf(b.deprecatedEnv);
    this.defaultValue = b.defaultValue;
    this.defaultText = b.defaultText;
    this.parser = b.parser;
    this.check = b.check;
    this.description = b.description;
    this.secret = b.secret;
    this.required = b.required;
  }

  /**
   * Starts the declaration of a setting named {@code property}, read from text by {@code parser}.
   */
  public static <T> Builder<T> of(String property, Function<String, T> parser) {
    return new Builder<>(property, parser);
  }

  /** The name in a settings file, e.g. {@code lineage.key.wait.grace.ms}. */
  public String property() {
    return property;
  }

  /** The environment variable, if the setting has one. */
  public Optional<String> env() {
    return Optional.ofNullable(env);
  }

  /** The command-line flag of the production commands, e.g. {@code --key-wait-grace-ms}. */
  public Optional<String> flag() {
    return Optional.ofNullable(flag);
  }

  /** Older names of the environment variable: still read, with one warning. */
  public List<String> deprecatedEnv() {
    return deprecatedEnv;
  }

  /** The value when no source sets one; empty for a setting with no default. */
  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** The default as the documentation shows it. */
  public String defaultText() {
    if (defaultText != null) {
      return defaultText;
    }
    if (defaultValue == null) {
      return required ? "required" : "none";
    }
    return String.valueOf(defaultValue);
  }

  public String description() {
    return description;
  }

  /** Whether the value (or the file it names) is a secret: never printed. */
  public boolean secret() {
    return secret;
  }

  /** Whether an app refuses to start without it. */
  public boolean required() {
    return required;
  }

  /**
   * Parses and checks {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, without naming the setting
   */
  public T parse(String text) {
    T value = parser.apply(text.trim());
    check(value);
    return value;
  }

  /** Checks a value given in code. */
  public T check(T value) {
    if (value != null) {
      check.accept(value);
    }
    return value;
  }

  @Override
  public String toString() {
    return property;
  }

  /** Declares the parts of a {@link Setting}; only the property and parser are needed. */
  public static final class Builder<T> {
    private final String property;
    private final Function<String, T> parser;
    private String env;
    private String flag;
    private final java.util.ArrayList<String> deprecatedEnv = new java.util.ArrayList<>();
    private T defaultValue;
    private String defaultText;
    private Consumer<T> check = v -> {};
    private String description = "";
    private boolean secret;
    private boolean required;

    private Builder(String property, Function<String, T> parser) {
      this.property = Objects.requireNonNull(property, "property");
      this.parser = Objects.requireNonNull(parser, "parser");
    }

    public Builder<T> env(String variable) {
      this.env = variable;
      return this;
    }

    public Builder<T> flag(String name) {
      this.flag = name;
      return this;
    }

    /** An older environment variable for the same thing: still read, with one warning. */
    public Builder<T> deprecatedEnv(String variable) {
      this.deprecatedEnv.add(variable);
      return this;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = value;
      return this;
    }

    /** How the documentation shows the default, when its value does not say it well. */
    public Builder<T> defaultText(String text) {
      this.defaultText = text;
      return this;
    }

    /** A check of a parsed value: throws {@link IllegalArgumentException} saying what is wrong. */
    public Builder<T> check(Consumer<T> check) {
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    public Builder<T> describe(String text) {
      this.description = text;
      return this;
    }

    public Builder<T> secret() {
      this.secret = true;
      return this;
    }

    public Builder<T> required() {
      this.required = true;
      return this;
    }

    public Setting<T> build() {
      return new Setting<>(this);
    }
  }
}
