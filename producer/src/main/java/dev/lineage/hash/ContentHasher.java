package dev.lineage.hash;

import dev.lineage.id.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Digests of files and directories by the rules of the project's identity design: a file's digest
 * is the SHA-256 of its bytes; a directory's is the SHA-256 of its {@link DirectoryManifest} text.
 * Files of a directory are hashed in parallel (one task per file), the result does not depend on
 * the order in which they finish.
 */
public final class ContentHasher {
  private final boolean followSymlinks;
  private final ProgressListener progress;
  private final int threads;

  private ContentHasher(Builder b) {
    this.followSymlinks = b.followSymlinks;
    this.progress = b.progress;
    this.threads = b.threads;
  }

  /** Defaults: symbolic links refused, no progress, one thread per available processor. */
  public static ContentHasher create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Digest of a regular file or of a directory. */
  public Digest hash(Path path) throws IOException {
    if (!followSymlinks && Files.isSymbolicLink(path)) {
      throw FileTree.symlinkRefused(path);
    }
    if (Files.isDirectory(path)) {
      return manifest(path).digest();
    }
    return hashFile(path);
  }

  /** Digest of a regular file's bytes. */
  public Digest hashFile(Path file) throws IOException {
    if (!followSymlinks && Files.isSymbolicLink(file)) {
      throw FileTree.symlinkRefused(file);
    }
    if (!Files.isRegularFile(file)) {
      if (!Files.exists(file)) {
        throw new NoSuchFileException(file.toString());
      }
      throw new UnhashablePathException(file, "not a regular file: " + file);
    }
    long total = Files.size(file);
    AtomicLong done = new AtomicLong();
    progress.onProgress(0, total);
    return Sha256.ofFile(file, n -> progress.onProgress(done.addAndGet(n), total));
  }

  /** The manifest of a directory, whose digest is the directory's digest. */
  public DirectoryManifest manifest(Path dir) throws IOException {
    FileTree tree = FileTree.scan(dir, followSymlinks);
    List<FileTree.Entry> files = tree.entries();
    long total = tree.totalBytes();
    AtomicLong done = new AtomicLong();
    progress.onProgress(0, total);
    Digest[] digests = new Digest[files.size()];
    int workers = Math.max(1, Math.min(threads, files.size()));
    if (workers == 1) {
      for (int i = 0; i < files.size(); i++) {
        digests[i] =
            Sha256.ofFile(files.get(i).path(), n -> progress.onProgress(done.addAndGet(n), total));
      }
    } else {
      hashInParallel(files, digests, workers, done, total);
    }
    List<DirectoryManifest.Entry> entries = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      entries.add(new DirectoryManifest.Entry(files.get(i).relativePath(), digests[i]));
    }
    return new DirectoryManifest(entries);
  }

  private void hashInParallel(
      List<FileTree.Entry> files, Digest[] digests, int workers, AtomicLong done, long total)
      throws IOException {
    // largest first, so that one big file started last does not leave the other cores idle
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed());
    ExecutorService pool =
        Executors.newFixedThreadPool(
            workers,
            r -> {
              Thread t = new Thread(r, "lineage-hash");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i : order) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    digests[i] =
                        Sha256.ofFile(
                            files.get(i).path(),
                            n -> progress.onProgress(done.addAndGet(n), total));
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
      ParallelIo.awaitAll(futures, "hashing");
    } finally {
      pool.shutdownNow();
    }
  }

  /** Options of a {@link ContentHasher}. */
  public static final class Builder {
    private boolean followSymlinks;
    private ProgressListener progress = ProgressListener.NONE;
    private int threads = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** Hash what symbolic links point to instead of refusing them ({@code find -L}). */
    public Builder followSymlinks(boolean follow) {
      this.followSymlinks = follow;
      return this;
    }

    public Builder progress(ProgressListener listener) {
      this.progress = listener == null ? ProgressListener.NONE : listener;
      return this;
    }

    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1");
      }
      this.threads = threads;
      return this;
    }

    public ContentHasher build() {
      return new ContentHasher(this);
    }
  }
}
