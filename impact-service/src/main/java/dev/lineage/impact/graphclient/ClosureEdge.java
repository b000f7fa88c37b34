package dev.lineage.impact.graphclient;

/** A directed edge walked by a closure: {@code from} is upstream of {@code to}. */
public record ClosureEdge(String from, String to) {}
