package dev.lineage.openlineage.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.lineage.openlineage.MalformedEventException;
import dev.lineage.openlineage.RawEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates OpenLineage events against the spec bundled in this module: the core {@code
 * OpenLineage.json} and the standard facets' schemas, all read from the classpath, never over the
 * network.
 *
 * <p>Decisions, documented in the module README:
 *
 * <ul>
 *   <li><b>One bundled version.</b> Every event is checked against the bundled core ({@value
 *       #BUNDLED_VERSION}) whatever minor version its {@code schemaURL} names: the spec evolves by
 *       adding optional fields within a major version, and integrations in the field send 1-x and
 *       2-x URLs (and test URLs naming no version at all). A {@code schemaURL} naming a newer
 *       <em>major</em> version than the bundled one is a violation at {@code $.schemaURL}: its
 *       meaning may differ, so it is not guessed.
 *   <li><b>Standard facets are checked where they sit</b> ({@code run.facets}, {@code job.facets},
 *       dataset {@code facets}, {@code inputFacets}, {@code outputFacets}) against their own
 *       schema; a facet name no bundled schema defines at that place is a custom facet: kept by the
 *       mapper, never a reason to reject.
 *   <li><b>Formats.</b> {@code uuid} is asserted for run ids (the run's node id is built from it);
 *       {@code date-time} and {@code uri} are not, as in the spec's draft 2020-12 default, because
 *       the OpenLineage clients' own example events carry date-times without an offset.
 * </ul>
 *
 * <p>Thread-safe; build one and share it (loading the schemas takes tens of milliseconds).
 */
public final class OpenLineageValidator {
  /** The version of the bundled core schema. */
  public static final String BUNDLED_VERSION = "2-0-2";

  static final int BUNDLED_MAJOR = 2;
  static final String CORE_ID =
      "https://openlineage.io/spec/" + BUNDLED_VERSION + "/OpenLineage.json";
  private static final String RESOURCES = "openlineage/spec/";
  private static final Pattern FACET_ID =
      Pattern.compile(
          "https://openlineage\\.io/spec/facets/[0-9]+-[0-9]+-[0-9]+/([A-Za-z]+\\.json)");
  private static final Pattern SCHEMA_URL_VERSION =
      Pattern.compile("/spec/([0-9]+)-([0-9]+)-([0-9]+)/OpenLineage\\.json");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * The standard facet schemas bundled, each with the places its facets sit. Most follow from the
   * name's suffix; the two whose definitions cover two places say so.
   */
  static final Map<String, Set<FacetLocation>> FACET_SCHEMAS = facetSchemas();

  private final Schema root;
  private final Map<String, Schema> eventKinds = new LinkedHashMap<>();
  private final Map<FacetLocation, Map<String, Schema>> facets = new EnumMap<>(FacetLocation.class);

  private OpenLineageValidator() {
    SchemaRegistry registry = registry();
    root = registry.getSchema(SchemaLocation.of(CORE_ID));
    root.initializeValidators();
    for (String kind : List.of("RunEvent", "DatasetEvent", "JobEvent")) {
      Schema s = registry.getSchema(SchemaLocation.of(CORE_ID + "#/$defs/" + kind));
      s.initializeValidators();
      eventKinds.put(kind, s);
    }
    for (FacetLocation where : FacetLocation.values()) {
      facets.put(where, new HashMap<>());
    }
    for (Map.Entry<String, Set<FacetLocation>> file : FACET_SCHEMAS.entrySet()) {
      JsonNode doc = readResource(RESOURCES + "facets/" + file.getKey());
      Schema s = registry.getSchema(SchemaLocation.of(doc.get("$id").asText()));
      s.initializeValidators();
      for (Iterator<String> names = doc.path("properties").fieldNames(); names.hasNext(); ) {
        String facetName = names.next();
        for (FacetLocation where : file.getValue()) {
          facets.get(where).put(facetName, s);
        }
      }
    }
  }

  /** The schemas bundled in this jar, JSON-path error locations, no remote fetching. */
  static SchemaRegistry registry() {
    return SchemaRegistry.withDefaultDialect(
        SpecificationVersion.DRAFT_2020_12,
        b ->
            b.schemaRegistryConfig(
                    SchemaRegistryConfig.builder()
                        .pathType(PathType.JSON_PATH)
                        .formatAssertionsEnabled(false)
                        .build())
                .schemaLoader(
                    l ->
                        l.fetchRemoteResources(false)
                            .schemaIdResolvers(r -> r.mappings(OpenLineageValidator::local))));
  }

  /** A validator for the bundled spec. */
  public static OpenLineageValidator bundled() {
    return new OpenLineageValidator();
  }

  /** Validates raw bytes; bytes that are not one JSON object give one violation at {@code $}. */
  public ValidationReport validate(byte[] json) {
    RawEvent event;
    try {
      event = RawEvent.of(json);
    } catch (MalformedEventException e) {
      return new ValidationReport(
          Optional.empty(), BUNDLED_VERSION, List.of(new Violation("$", e.getMessage())));
    }
    return validate(event);
  }

  public ValidationReport validate(RawEvent event) {
    JsonNode json = event.json();
    JsonNode url = json.get("schemaURL");
    Optional<String> declared =
        url != null && url.isTextual() ? Optional.of(url.asText()) : Optional.empty();
    Optional<Violation> tooNew = declared.flatMap(OpenLineageValidator::newerMajor);
    if (tooNew.isPresent()) {
      return new ValidationReport(declared, BUNDLED_VERSION, List.of(tooNew.get()));
    }
    List<Violation> violations = new ArrayList<>();
    List<Error> rootErrors = root.validate(json);
    if (!rootErrors.isEmpty()) {
      // The root is a oneOf of the three event kinds: its errors mix all three branches. The branch
      // the event evidently means names the violated path precisely.
      List<Error> branch = eventKinds.get(intendedKind(json)).validate(json);
      for (Error e : branch.isEmpty() ? rootErrors : branch) {
        violations.add(violation("$", e));
      }
    }
    checkFacets(json, violations);
    checkRunIds(json, violations);
    return new ValidationReport(declared, BUNDLED_VERSION, dedupe(violations));
  }

  private static String intendedKind(JsonNode json) {
    if (json.has("run") || json.has("eventType")) {
      return "RunEvent";
    }
    return json.has("dataset") ? "DatasetEvent" : "JobEvent";
  }

  private void checkFacets(JsonNode json, List<Violation> out) {
    checkFacetMap(FacetLocation.RUN, json.path("run").path("facets"), "$.run.facets", out);
    checkFacetMap(FacetLocation.JOB, json.path("job").path("facets"), "$.job.facets", out);
    checkFacetMap(
        FacetLocation.DATASET, json.path("dataset").path("facets"), "$.dataset.facets", out);
    for (String side : List.of("inputs", "outputs")) {
      JsonNode datasets = json.path(side);
      if (!datasets.isArray()) {
        continue;
      }
      for (int i = 0; i < datasets.size(); i++) {
        JsonNode d = datasets.get(i);
        String at = "$." + side + "[" + i + "]";
        checkFacetMap(FacetLocation.DATASET, d.path("facets"), at + ".facets", out);
        if (side.equals("inputs")) {
          checkFacetMap(FacetLocation.INPUT, d.path("inputFacets"), at + ".inputFacets", out);
        } else {
          checkFacetMap(FacetLocation.OUTPUT, d.path("outputFacets"), at + ".outputFacets", out);
        }
      }
    }
  }

  private void checkFacetMap(FacetLocation where, JsonNode map, String path, List<Violation> out) {
    if (!map.isObject()) {
      return; // absent, or not an object: the core schema reports the latter
    }
    Map<String, Schema> known = facets.get(where);
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> facet = it.next();
      Schema schema = known.get(facet.getKey());
      if (schema == null) {
        continue; // a custom facet: kept, never a reason to reject
      }
      ObjectNode wrapper = JsonNodeFactory.instance.objectNode();
      wrapper.set(facet.getKey(), facet.getValue());
      for (Error e : schema.validate(wrapper)) {
        out.add(violation(path, e));
      }
    }
  }

  private static void checkRunIds(JsonNode json, List<Violation> out) {
    JsonNode parent = json.path("run").path("facets").path("parent");
    checkUuid(json.path("run").path("runId"), "$.run.runId", out);
    checkUuid(parent.path("run").path("runId"), "$.run.facets.parent.run.runId", out);
    checkUuid(
        parent.path("root").path("run").path("runId"), "$.run.facets.parent.root.run.runId", out);
  }

  private static void checkUuid(JsonNode id, String path, List<Violation> out) {
    if (id.isTextual() && !UUID.matcher(id.asText()).matches()) {
      out.add(
          new Violation(
              path,
              "run id '"
                  + shown(id.asText())
                  + "' is not a UUID (the spec's format \"uuid\"; the run's node id is built from"
                  + " it)"));
    }
  }

  private static Optional<Violation> newerMajor(String schemaUrl) {
    Matcher m = SCHEMA_URL_VERSION.matcher(schemaUrl);
    if (!m.find()) {
      return Optional.empty();
    }
    int major;
    try {
      major = Integer.parseInt(m.group(1));
    } catch (NumberFormatException tooLong) {
      major = Integer.MAX_VALUE;
    }
    if (major <= BUNDLED_MAJOR) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "$.schemaURL",
            "schema version "
                + m.group(1)
                + "-"
                + m.group(2)
                + "-"
                + m.group(3)
                + " is a newer major version than the bundled "
                + BUNDLED_VERSION
                + "; events of OpenLineage "
                + BUNDLED_MAJOR
                + ".x and earlier are accepted"));
  }

  private static Violation violation(String base, Error e) {
    String at = e.getInstanceLocation().toString();
    String path = base + (at.startsWith("$") ? at.substring(1) : at);
    return new Violation(path, e.getMessage());
  }

  private static List<Violation> dedupe(List<Violation> violations) {
    return new ArrayList<>(new LinkedHashSet<>(violations));
  }

  /** Maps the spec's schema ids to the copies in this jar; anything else stays unresolved. */
  static String local(String iri) {
    if (iri.equals(CORE_ID)) {
      return "classpath:" + RESOURCES + "OpenLineage.json";
    }
    Matcher m = FACET_ID.matcher(iri);
    if (m.matches() && FACET_SCHEMAS.containsKey(m.group(1))) {
      return "classpath:" + RESOURCES + "facets/" + m.group(1);
    }
    return null;
  }

  private static JsonNode readResource(String name) {
    try (InputStream in = OpenLineageValidator.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("bundled spec file missing from the classpath: " + name);
      }
      return JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading bundled " + name, e);
    }
  }

  private static String shown(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder b = new StringBuilder();
    cut.codePoints()
        .forEach(
            c ->
                b.append(
                    c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : Character.toString(c)));
    return b.toString();
  }

  private static Map<String, Set<FacetLocation>> facetSchemas() {
    Map<String, Set<FacetLocation>> m = new LinkedHashMap<>();
    for (String file :
        List.of(
            "CatalogDatasetFacet.json",
            "ColumnLineageDatasetFacet.json",
            "DataQualityAssertionsDatasetFacet.json",
            "DataQualityMetricsDatasetFacet.json",
            "DataQualityMetricsInputDatasetFacet.json",
            "DatasetTypeDatasetFacet.json",
            "DatasetVersionDatasetFacet.json",
            "DatasourceDatasetFacet.json",
            "DocumentationDatasetFacet.json",
            "DocumentationJobFacet.json",
            "EnvironmentVariablesRunFacet.json",
            "ErrorMessageRunFacet.json",
            "ExecutionParametersRunFacet.json",
            "ExternalQueryRunFacet.json",
            "ExtractionErrorRunFacet.json",
            "HierarchyDatasetFacet.json",
            "InputStatisticsInputDatasetFacet.json",
            "JobDependenciesRunFacet.json",
            "JobTypeJobFacet.json",
            "LifecycleStateChangeDatasetFacet.json",
            "NominalTimeRunFacet.json",
            "OutputStatisticsOutputDatasetFacet.json",
            "OwnershipDatasetFacet.json",
            "OwnershipJobFacet.json",
            "ParentRunFacet.json",
            "ProcessingEngineRunFacet.json",
            "SQLJobFacet.json",
            "SchemaDatasetFacet.json",
            "SourceCodeJobFacet.json",
            "SourceCodeLocationJobFacet.json",
            "StorageDatasetFacet.json",
            "SymlinksDatasetFacet.json",
            "TagsDatasetFacet.json",
            "TagsJobFacet.json",
            "TagsRunFacet.json",
            "TestRunFacet.json")) {
      m.put(file, EnumSet.of(bySuffix(file)));
    }
    // `subset` is an input or an output facet (oneOf), `lineage` a dataset or a job facet (anyOf)
    m.put("BaseSubsetDatasetFacet.json", EnumSet.of(FacetLocation.INPUT, FacetLocation.OUTPUT));
    m.put("LineageFacet.json", EnumSet.of(FacetLocation.DATASET, FacetLocation.JOB));
    return Map.copyOf(m);
  }

  private static FacetLocation bySuffix(String file) {
    if (file.endsWith("InputDatasetFacet.json")) {
      return FacetLocation.INPUT;
    }
    if (file.endsWith("OutputDatasetFacet.json")) {
      return FacetLocation.OUTPUT;
    }
    if (file.endsWith("DatasetFacet.json")) {
      return FacetLocation.DATASET;
    }
    if (file.endsWith("RunFacet.json")) {
      return FacetLocation.RUN;
    }
    if (file.endsWith("JobFacet.json")) {
      return FacetLocation.JOB;
    }
    throw new IllegalArgumentException("no facet location in the name " + file);
  }
}
