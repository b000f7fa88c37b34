package dev.lineage.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsLoaderTest {
  private static final Setting<Integer> PARKED =
      Setting.of("app.max.parked", Parsers::count)
          .env("APP_MAX_PARKED")
          .deprecatedEnv("OLD_MAX_PARKED")
          .flag("--max-parked")
          .defaultValue(10)
          .describe("events parked at most")
          .build();

  private static final Setting<Duration> RETRY =
      Setting.of("app.retry.interval", Parsers::duration)
          .env("APP_RETRY_INTERVAL")
          .flag("--retry-interval")
          .defaultValue(Duration.ofSeconds(1))
          .check(
              d -> {
                if (d.isZero()) {
                  throw new IllegalArgumentException("must be positive");
                }
              })
          .describe("how often")
          .build();

  private static final List<Setting<?>> DECLARED = List.of(PARKED, RETRY);

  private static Properties file(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return p;
  }

  @Test
  void aSettingGivenInFileEnvironmentAndFlagResolvesToTheFlag() {
    SettingValues v =
        SettingsLoader.load(
            DECLARED,
            null,
            file("app.max.parked", "1"),
            Map.of("APP_MAX_PARKED", "2"),
            Map.of("--max-parked", "3"));

    assertThat(v.get(PARKED)).isEqualTo(3);
    assertThat(v.source(PARKED)).isEqualTo(SettingSource.FLAG);
  }

  @Test
  void theEnvironmentWinsOverTheFileAndTheFileOverTheDefault() {
    assertThat(
            SettingsLoader.load(
                    DECLARED,
                    null,
                    file("app.max.parked", "1"),
                    Map.of("APP_MAX_PARKED", "2"),
                    Map.of())
                .get(PARKED))
        .isEqualTo(2);
    SettingValues fromFile =
        SettingsLoader.load(DECLARED, null, file("app.max.parked", "1"), Map.of(), Map.of());
    assertThat(fromFile.get(PARKED)).isEqualTo(1);
    assertThat(fromFile.source(PARKED)).isEqualTo(SettingSource.FILE);
    SettingValues none = SettingsLoader.load(DECLARED, null, file(), Map.of(), Map.of());
    assertThat(none.get(PARKED)).isEqualTo(10);
    assertThat(none.isSet(PARKED)).isFalse();
  }

  @Test
  void aBlankValueMeansUnset() {
    assertThat(
            SettingsLoader.load(
                    DECLARED,
                    null,
                    file("app.max.parked", "1"),
                    Map.of("APP_MAX_PARKED", " "),
                    Map.of("--max-parked", ""))
                .get(PARKED))
        .isEqualTo(1);
  }

  @Test
  void aBadValueNamesTheSettingAndItsSource() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    DECLARED, null, file("app.max.parked", "many"), Map.of(), Map.of()))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("app.max.parked (settings file)")
        .hasMessageContaining("got many");
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    DECLARED, null, file(), Map.of("APP_MAX_PARKED", "-1"), Map.of()))
        .hasMessageContaining("app.max.parked (environment APP_MAX_PARKED)");
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    DECLARED, null, file(), Map.of(), Map.of("--retry-interval", "0")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("app.retry.interval (--retry-interval): must be positive");
  }

  @Test
  void aDeprecatedEnvironmentVariableStillWorksAndTheCanonicalOneWins() {
    assertThat(
            SettingsLoader.load(DECLARED, null, file(), Map.of("OLD_MAX_PARKED", "4"), Map.of())
                .get(PARKED))
        .isEqualTo(4);
    assertThat(
            SettingsLoader.load(
                    DECLARED,
                    null,
                    file(),
                    Map.of("OLD_MAX_PARKED", "4", "APP_MAX_PARKED", "5"),
                    Map.of())
                .get(PARKED))
        .isEqualTo(5);
  }

  @Test
  void passthroughSettingsComeFromTheFileWithTheirPrefixTakenOff() {
    SettingValues v =
        SettingsLoader.load(
            DECLARED, "streams.", file("streams.num.standby.replicas", "1"), Map.of(), Map.of());

    assertThat(v.passthrough()).containsEntry("num.standby.replicas", "1");
    assertThat(v.withPassthrough(Map.of("num.standby.replicas", 2)).passthrough())
        .containsEntry("num.standby.replicas", "2");
  }

  @Test
  void valuesSetInCodeAreCheckedAndAGivenValueKeepsOverADefaultFromCode() {
    SettingValues v =
        SettingsLoader.load(DECLARED, null, file("app.max.parked", "1"), Map.of(), Map.of());

    assertThat(v.withDefault(PARKED, 9).get(PARKED)).isEqualTo(1);
    assertThat(v.with(PARKED, 9).get(PARKED)).isEqualTo(9);
    assertThatThrownBy(() -> v.with(RETRY, Duration.ZERO))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("app.retry.interval (set in code): must be positive");
  }

  @Test
  void theTableListsEveryNameOfEverySettingAndTheSectionIsReplacedBetweenItsMarkers() {
    String table = SettingsTable.render(DECLARED, "streams.");

    assertThat(table)
        .contains(
            "| `app.max.parked` | `APP_MAX_PARKED` (deprecated: `OLD_MAX_PARKED`) |"
                + " `--max-parked` | `10` | events parked at most |")
        .contains("`streams.<name>`");
    String readme = "intro\n" + SettingsTable.BEGIN + "\nold\n" + SettingsTable.END + "\nrest\n";
    String updated = SettingsTable.replaceSection(readme, table);
    assertThat(SettingsTable.section(updated)).isEqualTo(table);
    assertThat(updated).startsWith("intro\n").endsWith(SettingsTable.END + "\nrest\n");
  }
}
