package dev.lineage.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaFormatter;

/**
 * The build's rule for a contract: the current schema reads data of every released version, every
 * released reader reads data of the current schema, and the current schema is exactly the latest
 * released version (a change is released as a new version file, never made silently).
 */
final class CompatibilityGate {
  private CompatibilityGate() {}

  /** What is wrong with a contract, as messages that say how to fix it; empty when all is well. */
  static List<String> problems(String name, Schema current, List<Schema> released) {
    List<String> problems = new ArrayList<>();
    if (released.isEmpty()) {
      problems.add(
          name
              + " has no released version: add "
              + SchemaCatalog.releasedPath(name, 1)
              + fix(current));
      return problems;
    }
    for (int i = 0; i < released.size(); i++) {
      int version = i + 1;
      Schema old = released.get(i);
      SchemaPairCompatibility readsOld =
          SchemaCompatibility.checkReaderWriterCompatibility(current, old);
      if (readsOld.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        problems.add(
            name
                + ": the current schema cannot read data written with v"
                + version
                + ": "
                + describe(readsOld));
      }
      SchemaPairCompatibility oldReads =
          SchemaCompatibility.checkReaderWriterCompatibility(old, current);
      if (oldReads.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        problems.add(
            name
                + ": readers of v"
                + version
                + " cannot read data written with the current schema: "
                + describe(oldReads));
      }
    }
    Schema latest = released.get(released.size() - 1);
    // the whole JSON, docs and defaults included: a default is part of how old data is read
    if (!latest.toString().equals(current.toString())) {
      int next = released.size() + 1;
      problems.add(
          name
              + " differs from its latest released version v"
              + released.size()
              + " without being released: add "
              + SchemaCatalog.releasedPath(name, next)
              + fix(current));
    }
    return problems;
  }

  private static String describe(SchemaPairCompatibility pair) {
    return pair.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(Collectors.joining("; "));
  }

  private static String fix(Schema current) {
    return " (under src/main/resources) with this content:\n"
        + SchemaFormatter.format("json/pretty", current);
  }
}
