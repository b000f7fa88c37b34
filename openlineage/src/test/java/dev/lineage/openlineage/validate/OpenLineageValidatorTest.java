package dev.lineage.openlineage.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lineage.openlineage.Examples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class OpenLineageValidatorTest {
  static final List<String> EXAMPLES = Examples.FILES;
  static final OpenLineageValidator VALIDATOR = OpenLineageValidator.bundled();

  static final String RUN_ID = "ea041791-68bc-4ae1-bd89-4c8106a157e4";

  static String runEvent(String runId, String inputFacets) {
    return """
        {"eventType":"COMPLETE","eventTime":"2024-01-01T00:00:00Z",
         "run":{"runId":"%s"},
         "job":{"namespace":"airflow","name":"etl.orders"},
         "inputs":[{"namespace":"postgres://db:5432","name":"public.orders","facets":%s}],
         "producer":"https://example.com/producer",
         "schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"}
        """
        .formatted(runId, inputFacets);
  }

  static ValidationReport validate(String json) {
    return VALIDATOR.validate(json.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> paths(ValidationReport r) {
    return r.violations().stream().map(Violation::path).toList();
  }

  @ParameterizedTest
  @FieldSource("EXAMPLES")
  void everyExampleFromTheSpecRepositoryIsValid(String file) {
    ValidationReport report = VALIDATOR.validate(Examples.bytes(file));
    assertThat(report.violations()).isEmpty();
    assertThat(report.valid()).isTrue();
    assertThat(report.validatedAgainst()).isEqualTo("2-0-2");
    assertThat(report.declaredSchemaUrl()).isPresent();
  }

  @Test
  void aMissingRunIdIsReportedAtItsPath() {
    String json = runEvent(RUN_ID, "{}").replace("\"runId\":\"" + RUN_ID + "\"", "\"x\":1");
    ValidationReport report = validate(json);
    assertThat(report.valid()).isFalse();
    assertThat(report.violations())
        .anySatisfy(
            v -> {
              assertThat(v.path()).isEqualTo("$.run");
              assertThat(v.message()).contains("runId");
            });
  }

  @Test
  void anUnknownEventTypeIsReportedAtItsPath() {
    ValidationReport report = validate(runEvent(RUN_ID, "{}").replace("COMPLETE", "FINISHED"));
    assertThat(paths(report)).contains("$.eventType");
  }

  @Test
  void aMissingJobIsReportedAgainstTheRunEventNotAllThreeKinds() {
    ValidationReport report =
        validate(
            """
            {"eventType":"START","eventTime":"2024-01-01T00:00:00Z","run":{"runId":"%s"},
             "producer":"p","schemaURL":"https://openlineage.io/spec/2-0-2/OpenLineage.json"}
            """
                .formatted(RUN_ID));
    assertThat(report.violations())
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("job"));
  }

  @Test
  void aBrokenStandardFacetIsReportedInsideTheFacet() {
    String schemaWithoutName =
        """
        {"schema":{"_producer":"p","_schemaURL":"u","fields":[{"name":"id"},{"type":"INT"}]}}
        """;
    ValidationReport report = validate(runEvent(RUN_ID, schemaWithoutName));
    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.inputs[0].facets.schema.fields[1]");
              assertThat(v.message()).contains("name");
            });
  }

  @Test
  void aColumnLineageInputWithoutItsFieldIsRejected() {
    String facet =
        """
        {"columnLineage":{"_producer":"p","_schemaURL":"u","fields":{"total":{"inputFields":[
          {"namespace":"postgres://db:5432","name":"public.orders"}]}}}}
        """;
    ValidationReport report = validate(runEvent(RUN_ID, facet));
    assertThat(paths(report))
        .contains("$.inputs[0].facets.columnLineage.fields.total.inputFields[0]");
  }

  @Test
  void aCustomFacetIsNeverAReasonToReject() {
    // shaped like nothing the spec defines, and named like no standard facet
    String custom =
        """
        {"acme_quality":{"_producer":"p","_schemaURL":"https://acme.example/q.json",
          "fields":"not-an-array","score":0.97}}
        """;
    assertThat(validate(runEvent(RUN_ID, custom)).violations()).isEmpty();
    // the same content under a standard name is checked against the standard schema
    assertThat(validate(runEvent(RUN_ID, custom.replace("acme_quality", "schema"))).valid())
        .isFalse();
  }

  @Test
  void aFacetWithoutTheBaseFieldsBreaksTheCoreSchema() {
    ValidationReport report = validate(runEvent(RUN_ID, "{\"acme\":{\"score\":1}}"));
    assertThat(paths(report)).anySatisfy(p -> assertThat(p).startsWith("$.inputs[0].facets"));
  }

  @Test
  void aRunIdThatIsNotAUuidIsRejected() {
    ValidationReport report = validate(runEvent("training_j1829", "{}"));
    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.run.runId");
              assertThat(v.message()).contains("not a UUID");
            });
  }

  @Test
  void aNewerMajorVersionIsRefusedByName() {
    ValidationReport report =
        validate(
            runEvent(RUN_ID, "{}")
                .replace("spec/2-0-2/OpenLineage.json", "spec/3-0-0/OpenLineage.json"));
    assertThat(report.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.schemaURL");
              assertThat(v.message()).contains("3-0-0").contains("2-0-2");
            });
  }

  @Test
  void olderAndUnversionedSchemaUrlsAreCheckedAgainstTheBundledVersion() {
    for (String url :
        List.of(
            "https://openlineage.io/spec/1-0-5/OpenLineage.json#/definitions/RunEvent",
            "http://test.schema.url")) {
      ValidationReport report =
          validate(
              runEvent(RUN_ID, "{}")
                  .replace(
                      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", url));
      assertThat(report.valid()).isTrue();
      assertThat(report.declaredSchemaUrl()).contains(url);
      assertThat(report.validatedAgainst()).isEqualTo(OpenLineageValidator.BUNDLED_VERSION);
    }
  }

  @Test
  void bytesThatAreNotAnEventGiveOneViolationAtTheRoot() {
    assertThat(VALIDATOR.validate("[1,2]".getBytes(StandardCharsets.UTF_8)).violations())
        .singleElement()
        .satisfies(v -> assertThat(v.path()).isEqualTo("$"));
    assertThat(VALIDATOR.validate("{\"a\":".getBytes(StandardCharsets.UTF_8)).valid()).isFalse();
  }

  @Test
  void everyBundledFacetSchemaIsKnownAndEveryReferenceResolvesLocally() throws IOException {
    Path facets = Path.of("src/main/resources/openlineage/spec/facets");
    List<String> files;
    try (Stream<Path> s = Files.list(facets)) {
      files = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(OpenLineageValidator.FACET_SCHEMAS.keySet())
        .containsExactlyInAnyOrderElementsOf(files);
    Pattern ref = Pattern.compile("\"\\$ref\"\\s*:\\s*\"(https://[^\"#]+)");
    for (String f : files) {
      Matcher m = ref.matcher(Files.readString(facets.resolve(f)));
      while (m.find()) {
        assertThat(OpenLineageValidator.local(m.group(1))).as(f + " -> " + m.group(1)).isNotNull();
      }
    }
    assertThat(OpenLineageValidator.local("https://example.com/evil.json")).isNull();
  }

  @Test
  void violationsReadAsPathAndMessage() {
    String shown =
        validate(runEvent("nope", "{}")).violations().stream()
            .map(Violation::toString)
            .collect(Collectors.joining("\n"));
    assertThat(shown).startsWith("$.run.runId: ");
  }
}
