package dev.lineage.tlog.checkpoint;

import dev.lineage.tlog.note.VerifiedNote;

/** A checkpoint whose log signature verified, with the note it came in (cosignatures and all). */
public record SignedCheckpoint(Checkpoint checkpoint, VerifiedNote note) {}
