package dev.lineage.openlineage.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.openlineage.RawEvent;
import java.util.List;

/** Builds OpenLineage events for tests, shaped as the integrations send them. */
final class TestEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String PRODUCER =
      "https://github.com/OpenLineage/OpenLineage/tree/1.30.0/integration/airflow";
  static final String SCHEMA_URL =
      "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

  private TestEvents() {}

  static ObjectNode facet() {
    return JSON.createObjectNode()
        .put("_producer", PRODUCER)
        .put("_schemaURL", "https://openlineage.io/spec/facets/x.json");
  }

  static ObjectNode dataset(String namespace, String name, String... columns) {
    ObjectNode d = JSON.createObjectNode().put("namespace", namespace).put("name", name);
    if (columns.length > 0) {
      ArrayNode fields = JSON.createArrayNode();
      for (String c : columns) {
        fields.addObject().put("name", c).put("type", "VARCHAR");
      }
      ObjectNode schema = facet();
      schema.set("fields", fields);
      d.putObject("facets").set("schema", schema);
    }
    return d;
  }

  static ObjectNode versioned(ObjectNode dataset, String version) {
    ObjectNode facets =
        dataset.has("facets") ? (ObjectNode) dataset.get("facets") : dataset.putObject("facets");
    facets.set("version", facet().put("datasetVersion", version));
    return dataset;
  }

  /**
   * Adds a columnLineage facet: output column ← input (namespace, name, field) with a
   * transformation.
   */
  static ObjectNode column(
      ObjectNode output,
      String outField,
      String inNamespace,
      String inName,
      String inField,
      String subtype) {
    ObjectNode facets =
        output.has("facets") ? (ObjectNode) output.get("facets") : output.putObject("facets");
    ObjectNode cl = facets.has("columnLineage") ? (ObjectNode) facets.get("columnLineage") : null;
    if (cl == null) {
      cl = facet();
      cl.putObject("fields");
      facets.set("columnLineage", cl);
    }
    ObjectNode fields = (ObjectNode) cl.get("fields");
    ObjectNode entry =
        fields.has(outField) ? (ObjectNode) fields.get(outField) : fields.putObject(outField);
    ArrayNode inputs =
        entry.has("inputFields")
            ? (ArrayNode) entry.get("inputFields")
            : entry.putArray("inputFields");
    ObjectNode in =
        inputs.addObject().put("namespace", inNamespace).put("name", inName).put("field", inField);
    in.putArray("transformations")
        .addObject()
        .put("type", "DIRECT")
        .put("subtype", subtype)
        .put("masking", false);
    return output;
  }

  static ObjectNode runEvent(
      String eventType,
      String runId,
      String jobNamespace,
      String jobName,
      List<ObjectNode> inputs,
      List<ObjectNode> outputs) {
    ObjectNode e = JSON.createObjectNode();
    e.put("eventType", eventType).put("eventTime", "2024-05-01T10:00:00.000Z");
    e.putObject("run").put("runId", runId);
    e.putObject("job").put("namespace", jobNamespace).put("name", jobName);
    ArrayNode in = e.putArray("inputs");
    inputs.forEach(i -> in.add(i.deepCopy()));
    ArrayNode out = e.putArray("outputs");
    outputs.forEach(o -> out.add(o.deepCopy()));
    e.put("producer", PRODUCER).put("schemaURL", SCHEMA_URL);
    return e;
  }

  static ObjectNode streaming(ObjectNode event) {
    ((ObjectNode) event.get("job"))
        .putObject("facets")
        .set(
            "jobType",
            facet()
                .put("processingType", "STREAMING")
                .put("integration", "FLINK")
                .put("jobType", "JOB"));
    return event;
  }

  static RawEvent raw(ObjectNode event) {
    return RawEvent.of(bytes(event));
  }

  static byte[] bytes(JsonNode json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
