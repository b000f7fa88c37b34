package dev.lineage.impact.analysis;

import dev.lineage.avro.RetrainingAction;

/**
 * The action for one affected model and the rule that chose it, in words a reviewer can check, e.g.
 * {@code "manifest sha256:… not in the CAS: RETRAIN"}.
 */
public record ActionDecision(RetrainingAction action, String rule) {}
