package dev.lineage.hash;

/**
 * Told how many bytes have been read so far. It may be called from several hashing threads at once,
 * so an implementation must be thread-safe and cheap; {@code bytesDone} only grows.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, total) -> {};

  void onProgress(long bytesDone, long bytesTotal);
}
