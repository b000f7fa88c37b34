package dev.lineage.openlineage.mapping;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The facets of a run, job or dataset, every one kept (standard or custom), each as canonical
 * compact JSON (keys sorted, no whitespace) so equal facets compare equal and store as equal bytes.
 *
 * @param json facet name → the facet's canonical JSON, sorted by name
 */
public record Facets(Map<String, String> json) {
  public static final Facets NONE = new Facets(Map.of());

  public Facets {
    json = Collections.unmodifiableMap(new TreeMap<>(json));
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(json.get(name));
  }

  public boolean isEmpty() {
    return json.isEmpty();
  }
}
