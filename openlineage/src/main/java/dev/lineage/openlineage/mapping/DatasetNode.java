package dev.lineage.openlineage.mapping;

import dev.lineage.id.NodeId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named dataset as a node: {@code dataset:<namespace>|<name>[@<version>]}.
 *
 * @param id the node id, versioned when the {@code version} facet is present
 * @param namespace the OpenLineage namespace (e.g. {@code postgres://db.example.com:5432})
 * @param name the OpenLineage name (e.g. {@code sales.public.orders})
 * @param version the {@code version} facet's {@code datasetVersion}
 * @param role where it appeared in the event
 * @param schema the {@code schema} facet's fields, as node attributes (empty without the facet)
 * @param facets every dataset facet, standard and custom
 * @param ioFacets the {@code inputFacets} or {@code outputFacets}: about this run's use of it
 */
public record DatasetNode(
    NodeId id,
    String namespace,
    String name,
    Optional<String> version,
    DatasetRole role,
    List<SchemaField> schema,
    Facets facets,
    Facets ioFacets) {
  public DatasetNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(role, "role");
    schema = List.copyOf(schema);
    Objects.requireNonNull(facets, "facets");
    Objects.requireNonNull(ioFacets, "ioFacets");
  }

  /** The dataset's id without a version: itself when unversioned. */
  public NodeId unversioned() {
    return version.isEmpty() ? id : NodeId.dataset(namespace, name, null);
  }
}
