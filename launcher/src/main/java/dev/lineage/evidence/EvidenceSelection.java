package dev.lineage.evidence;

import dev.lineage.avro.ArtifactRegistered;
import dev.lineage.avro.BugReported;
import dev.lineage.avro.DeletionRequested;
import dev.lineage.avro.DeploymentApproved;
import dev.lineage.avro.ImpactAssessed;
import dev.lineage.avro.ImpactReport;
import dev.lineage.avro.PredictionInvalidated;
import dev.lineage.avro.RecordListErased;
import dev.lineage.avro.RetrainingCompleted;
import dev.lineage.avro.RetrainingTriggered;
import dev.lineage.avro.RunCompleted;
import dev.lineage.avro.SnapshotErased;
import dev.lineage.schemas.EnvelopeCodec;
import dev.lineage.schemas.EventType;
import dev.lineage.signing.AvroEnvelopes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Which envelopes go into a model's evidence bundle, chosen from what the topics hold: every key
 * event (the keyring the signatures rely on, grants and revocations alike), the model's
 * registration, the runs that output it and, transitively, the runs and registrations on every path
 * to its sources, the registrations of their manifests, the approvals naming the model, and the
 * deletion requests, bug reports, triggers, impact reports and obligation facts that touched it.
 *
 * <p>Pure, and trusting nothing: it only decodes (a forged or junk record may be chosen; the log
 * holds only what was accepted, so it has no proof and is left out, and the verifier checks every
 * signature again). Repeats of an envelope are chosen once.
 */
public final class EvidenceSelection {
  /** One record of a topic: its source (the topic without prefix), value and append time. */
  public record Candidate(String source, byte[] value, long appendedAt) {
    public Candidate {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(value, "value");
    }

    public String digest() {
      return AvroEnvelopes.digest(value).toString();
    }
  }

  /**
   * @param envelopes the chosen records, in the order given, each envelope once
   * @param manifests the digests of the training manifests the chosen runs name
   */
  public record Selected(List<Candidate> envelopes, Set<String> manifests) {}

  private EvidenceSelection() {}

  public static Selected select(String model, List<Candidate> candidates) {
    Objects.requireNonNull(model, "model");
    List<Decoded> all = new ArrayList<>();
    for (Candidate c : candidates) {
      decode(c).ifPresent(e -> all.add(new Decoded(c, e)));
    }
    Map<String, List<Decoded>> producers = new LinkedHashMap<>();
    Map<String, List<Decoded>> registrations = new LinkedHashMap<>();
    for (Decoded d : all) {
      if (d.event() instanceof RunCompleted run) {
        for (String out : run.getOutputs()) {
          producers.computeIfAbsent(out, k -> new ArrayList<>()).add(d);
        }
      } else if (d.event() instanceof ArtifactRegistered a) {
        registrations.computeIfAbsent(a.getNodeId(), k -> new ArrayList<>()).add(d);
      }
    }

    Set<Decoded> chosen = new LinkedHashSet<>();
    Set<String> manifests = new LinkedHashSet<>();
    // the upstream closure: the model, the runs that output each node, their inputs, ...
    Set<String> upstream = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(model));
    while (!todo.isEmpty()) {
      String node = todo.pop();
      if (!upstream.add(node)) {
        continue;
      }
      chosen.addAll(registrations.getOrDefault(node, List.of()));
      for (Decoded d : producers.getOrDefault(node, List.of())) {
        chosen.add(d);
        RunCompleted run = (RunCompleted) d.event();
        todo.addAll(run.getInputs());
        if (run.getManifestDigest() != null) {
          manifests.add(run.getManifestDigest());
        }
      }
    }
    for (String m : manifests) {
      chosen.addAll(registrations.getOrDefault(m, List.of()));
    }

    Set<String> requests = new HashSet<>();
    for (Decoded d : all) {
      if (d.event() instanceof DeploymentApproved a && a.getModelDigest().equals(model)) {
        chosen.add(d);
        chosen.addAll(registrations.getOrDefault(a.getManifestDigest(), List.of()));
      } else if (d.event() instanceof RetrainingTriggered t && t.getModelId().equals(model)) {
        chosen.add(d);
        requests.add(t.getRequestId());
      } else if (d.event() instanceof DeletionRequested r && upstream.contains(r.getSubject())) {
        requests.add(r.getRequestId());
      }
    }
    for (Decoded d : all) {
      if (touches(d, model, requests)) {
        chosen.add(d);
      }
    }

    List<Candidate> out = new ArrayList<>();
    Set<String> digests = new HashSet<>();
    for (Decoded d : all) {
      if (chosen.contains(d) && digests.add(d.candidate().digest())) {
        out.add(d.candidate());
      }
    }
    return new Selected(out, manifests);
  }

  private static boolean touches(Decoded d, String model, Set<String> requests) {
    SpecificRecordBase e = d.event();
    if (e instanceof DeletionRequested r) {
      return requests.contains(r.getRequestId());
    } else if (e instanceof BugReported b) {
      return requests.contains(b.getReportId());
    } else if (e instanceof ImpactReport r) {
      return requests.contains(r.getRequestId());
    } else if (e instanceof RetrainingCompleted c) {
      return c.getModelId().equals(model);
    } else if (e instanceof ImpactAssessed a) {
      return a.getModelId().equals(model);
    } else if (e instanceof RecordListErased r) {
      return requests.contains(r.getRequestId());
    } else if (e instanceof SnapshotErased s) {
      return requests.contains(s.getRequestId());
    } else if (e instanceof PredictionInvalidated p) {
      return requests.contains(p.getRequestId());
    }
    return d.candidate().source().equals("keys");
  }

  private record Decoded(Candidate candidate, SpecificRecordBase event) {
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  private static Optional<SpecificRecordBase> decode(Candidate c) {
    try {
      return Optional.of(EventType.decodeAny(EnvelopeCodec.standard().decode(c.value())));
    } catch (RuntimeException e) {
      return Optional.empty(); // junk on a topic: never in the log, never in a bundle
    }
  }
}
