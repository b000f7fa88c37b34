package dev.lineage.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The gate must be able to fail: each deliberate mistake below is caught. */
class CompatibilityGateTest {
  private static final Schema V1 = load("widget-v1.avsc");

  @Test
  void refusesNewRequiredFieldBecauseOldDataLacksIt() {
    List<String> problems =
        CompatibilityGate.problems("Widget", load("widget-required-field.avsc"), List.of(V1));

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("current schema cannot read data written with v1"));
  }

  @Test
  void refusesNewEnumSymbolWhenOldReadersHaveNoDefault() {
    List<String> problems =
        CompatibilityGate.problems("Widget", load("widget-new-symbol.avsc"), List.of(V1));

    assertThat(problems)
        .anySatisfy(
            p -> assertThat(p).contains("readers of v1 cannot read data written with the current"));
  }

  @Test
  void refusesTypeChangeInBothDirections() {
    List<String> problems =
        CompatibilityGate.problems("Widget", load("widget-type-change.avsc"), List.of(V1));

    assertThat(problems)
        .anySatisfy(p -> assertThat(p).contains("cannot read data written with v1"))
        .anySatisfy(p -> assertThat(p).contains("readers of v1 cannot read"));
  }

  @Test
  void refusesCompatibleChangeThatWasNotReleased() {
    Schema current = load("widget-optional-field.avsc");

    List<String> problems = CompatibilityGate.problems("Widget", current, List.of(V1));

    assertThat(problems)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .contains("differs from its latest released version v1")
                    .contains("Widget/v2.avsc"));
  }

  @Test
  void acceptsCompatibleChangeReleasedAsNewVersion() {
    Schema current = load("widget-optional-field.avsc");

    assertThat(CompatibilityGate.problems("Widget", current, List.of(V1, current))).isEmpty();
  }

  @Test
  void refusesReleasedVersionEditedInPlaceEvenWhenWireCompatible() {
    Schema released = load("widget-optional-field.avsc");
    Schema edited = load("widget-optional-field-edited.avsc");

    assertThat(CompatibilityGate.problems("Widget", edited, List.of(V1, released)))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("differs from its latest released version v2"));
  }

  @Test
  void refusesContractWithoutReleasedVersion() {
    assertThat(CompatibilityGate.problems("Widget", V1, List.of()))
        .singleElement()
        .satisfies(p -> assertThat(p).contains("no released version"));
  }

  private static Schema load(String name) {
    try (InputStream in = CompatibilityGateTest.class.getResourceAsStream("/compat/" + name)) {
      return new Schema.Parser().parse(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
