package dev.lineage.schemas;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Writer schemas by their CRC-64-AVRO fingerprint (the 8 bytes after {@code C3 01} in single-object
 * encoding), so a reader resolves data written with any released version of a contract.
 */
public final class LineageSchemaStore implements SchemaStore {
  private final Map<Long, Schema> byFingerprint;

  private LineageSchemaStore(Map<Long, Schema> byFingerprint) {
    this.byFingerprint = byFingerprint;
  }

  /** The store of this build: the current schema and every released version of every contract. */
  public static LineageSchemaStore shared() {
    return Shared.STORE;
  }

  /**
   * A store of the given schemas. Schemas with equal fingerprints are the same on the wire; the
   * first one given is kept.
   */
  public static LineageSchemaStore of(Collection<Schema> schemas) {
    Map<Long, Schema> map = new LinkedHashMap<>();
    for (Schema schema : schemas) {
      map.putIfAbsent(fingerprint(schema), schema);
    }
    return new LineageSchemaStore(Map.copyOf(map));
  }

  /** The CRC-64-AVRO fingerprint of the schema's Parsing Canonical Form. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** The schema with this fingerprint, or {@code null} (the {@link SchemaStore} contract). */
  @Override
  public Schema findByFingerprint(long fingerprint) {
    return byFingerprint.get(fingerprint);
  }

  /** The schema with this fingerprint, if known. */
  public Optional<Schema> find(long fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** Every fingerprint this store resolves. */
  public Set<Long> fingerprints() {
    return byFingerprint.keySet();
  }

  // loaded on first use, after EventType has listed the contracts
  private static final class Shared {
    static final LineageSchemaStore STORE = load();

    private static LineageSchemaStore load() {
      List<Schema> all = new ArrayList<>();
      for (Schema current : SchemaCatalog.current()) {
        all.add(current);
        all.addAll(SchemaCatalog.released(current.getName()));
      }
      return of(all);
    }
  }
}
