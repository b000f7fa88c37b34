package dev.lineage.openlineage.transport;

import java.util.Objects;

/**
 * The record key the OpenLineage Kafka transport wrote: {@code run:{namespace}/{job}} of the root
 * parent job (or the parent, or the job itself) for run events, {@code job:{namespace}/{name}} for
 * job events, {@code dataset:{namespace}/{name}} for dataset events, or whatever {@code messageKey}
 * was configured to. An <b>untrusted hint</b>: it chooses the partition, nothing else. The event
 * body alone decides which job, run and datasets are meant, so the key is kept verbatim and never
 * split ({@code namespace/job} is ambiguous when either contains a {@code /}).
 */
public sealed interface TransportKey {

  /** {@code run:{namespace}/{job}}: the text after {@code run:}. */
  record Run(String namespaceAndJob) implements TransportKey {
    public Run {
      Objects.requireNonNull(namespaceAndJob, "namespaceAndJob");
    }

    /** True when the key names this job (false for a key naming a parent job: still valid). */
    public boolean names(String namespace, String job) {
      return namespaceAndJob.equals(namespace + "/" + job);
    }
  }

  /** {@code job:{namespace}/{name}}: the text after {@code job:}. */
  record Job(String namespaceAndName) implements TransportKey {
    public Job {
      Objects.requireNonNull(namespaceAndName, "namespaceAndName");
    }
  }

  /** {@code dataset:{namespace}/{name}}: the text after {@code dataset:}. */
  record Dataset(String namespaceAndName) implements TransportKey {
    public Dataset {
      Objects.requireNonNull(namespaceAndName, "namespaceAndName");
    }
  }

  /** A configured {@code messageKey}, or anything else. */
  record Other(String text) implements TransportKey {
    public Other {
      Objects.requireNonNull(text, "text");
    }
  }

  /** No key (a null record key). */
  record Absent() implements TransportKey {}

  /** Classifies a record key; never fails. */
  static TransportKey of(String key) {
    if (key == null) {
      return new Absent();
    }
    if (key.startsWith("run:")) {
      return new Run(key.substring(4));
    }
    if (key.startsWith("job:")) {
      return new Job(key.substring(4));
    }
    if (key.startsWith("dataset:")) {
      return new Dataset(key.substring(8));
    }
    return new Other(key);
  }
}
