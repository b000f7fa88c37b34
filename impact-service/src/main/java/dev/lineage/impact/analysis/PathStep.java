package dev.lineage.impact.analysis;

/** One node on a path from the subject to a model: its id and, when registered, its name. */
public record PathStep(String id, String name) {}
