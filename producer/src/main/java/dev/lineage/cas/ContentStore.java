package dev.lineage.cas;

import dev.lineage.hash.DirectoryManifest;
import dev.lineage.hash.FileTree;
import dev.lineage.hash.ParallelIo;
import dev.lineage.hash.ProgressListener;
import dev.lineage.hash.Sha256;
import dev.lineage.hash.UnhashablePathException;
import dev.lineage.id.Digest;
import dev.lineage.id.InvalidIdException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * A content-addressed store in a directory. Layout:
 *
 * <ul>
 *   <li>{@code objects/sha256/<first 2 hex>/<remaining 62 hex>}: every object, named by the SHA-256
 *       of its bytes, written once (temp file, fsync, atomic rename) and read-only (0444) after;
 *   <li>{@code dirs/sha256/<2>/<62>}: an empty marker saying that the object of the same name is a
 *       directory manifest. It is written last, after the manifest and every file it lists, so a
 *       marker promises a complete directory. A marker rather than sniffing the content because a
 *       file that happens to look like a manifest (a saved {@code sha256sum} output) must stay a
 *       file;
 *   <li>{@code tombstones/sha256/<2>/<62>}: what stays of an object erased for a deletion request
 *       ({@link #erase}): its digest, size and the erasure fact, as JSON. The object itself is
 *       deleted. Reads of it throw {@link ErasedObjectException}, and a put of the same content is
 *       refused: content erased for a request is never stored again (storing it would silently undo
 *       the erasure);
 *   <li>{@code tmp/}: files being written, on the same file system so the rename is atomic.
 * </ul>
 *
 * Every read re-hashes: {@link #get} fails with {@link CorruptObjectException} on a mismatch and
 * leaves nothing under the output name. A put re-hashes the object it would otherwise skip as
 * already stored: one whose bytes no longer match its name (a bad disk, a hand edit) is rewritten
 * from the good content, atomically, and the put says so ({@link PutResult#repaired()}).
 */
public final class ContentStore {
  private static final int BUFFER_SIZE = 1 << 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;
  private final Path objects;
  private final Path dirs;
  private final Path tombstones;
  private final Path tmp;
  private final int threads;

  public ContentStore(Path root) {
    this(root, Runtime.getRuntime().availableProcessors());
  }

  public ContentStore(Path root, int threads) {
    this.root = root.toAbsolutePath().normalize();
    this.objects = this.root.resolve("objects").resolve("sha256");
    this.dirs = this.root.resolve("dirs").resolve("sha256");
    this.tombstones = this.root.resolve("tombstones").resolve("sha256");
    this.tmp = this.root.resolve("tmp");
    this.threads = Math.max(1, threads);
  }

  /** {@code ~/.lineage/cas}. */
  public static Path defaultRoot() {
    return Path.of(System.getProperty("user.home"), ".lineage", "cas");
  }

  public Path root() {
    return root;
  }

  /**
   * What a put did.
   *
   * @param digest the digest of what was stored
   * @param repaired objects that were stored already but corrupt, and were rewritten by this put
   */
  public record PutResult(Digest digest, List<Digest> repaired) {
    public PutResult {
      repaired = List.copyOf(repaired);
    }
  }

  /** Stores a regular file or a directory; symbolic links are refused. */
  public Digest put(Path fileOrDir) throws IOException {
    return put(fileOrDir, false, ProgressListener.NONE);
  }

  /**
   * Stores a regular file (its bytes) or a directory (every file, then its manifest text) and
   * returns its digest, the same as {@link dev.lineage.hash.ContentHasher} gives. Storing what is
   * already stored intact changes nothing; a stored object found corrupt is repaired.
   */
  public Digest put(Path fileOrDir, boolean followSymlinks, ProgressListener progress)
      throws IOException {
    return store(fileOrDir, followSymlinks, progress).digest();
  }

  /** As {@link #put(Path, boolean, ProgressListener)}, saying which corrupt objects it repaired. */
  public PutResult store(Path fileOrDir, boolean followSymlinks, ProgressListener progress)
      throws IOException {
    Set<Digest> repaired = ConcurrentHashMap.newKeySet();
    Digest digest = put(fileOrDir, followSymlinks, progress, repaired);
    return new PutResult(
        digest, repaired.stream().sorted(Comparator.comparing(Digest::toString)).toList());
  }

  private Digest put(
      Path fileOrDir, boolean followSymlinks, ProgressListener progress, Set<Digest> repaired)
      throws IOException {
    ProgressListener listener = progress == null ? ProgressListener.NONE : progress;
    if (!followSymlinks && Files.isSymbolicLink(fileOrDir)) {
      throw new UnhashablePathException(
          fileOrDir,
          "symbolic link refused: " + fileOrDir + " (follow links explicitly to store its target)");
    }
    if (Files.isDirectory(fileOrDir)) {
      return putDirectory(FileTree.scan(fileOrDir, followSymlinks), listener, repaired);
    }
    if (!Files.exists(fileOrDir)) {
      throw new NoSuchFileException(fileOrDir.toString());
    }
    if (!Files.isRegularFile(fileOrDir)) {
      throw new UnhashablePathException(fileOrDir, "not a regular file: " + fileOrDir);
    }
    long total = Files.size(fileOrDir);
    AtomicLong done = new AtomicLong();
    return storeFile(fileOrDir, n -> listener.onProgress(done.addAndGet(n), total), repaired);
  }

  /** Stores bytes as one object (repairing a corrupt copy of it). */
  public Digest putBytes(byte[] bytes) throws IOException {
    return putBytes(bytes, ConcurrentHashMap.newKeySet());
  }

  private Digest putBytes(byte[] bytes, Set<Digest> repaired) throws IOException {
    Digest digest = Sha256.of(bytes);
    if (storedIntact(digest, repaired)) {
      return digest;
    }
    ensureLayout();
    Path temp = newTempFile();
    try {
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          out.write(b);
        }
        out.force(true);
      }
      publish(temp, digest, repaired.contains(digest));
    } finally {
      Files.deleteIfExists(temp);
    }
    return digest;
  }

  /**
   * True when the object is stored and its bytes still hash to its name; a stored object that does
   * not is added to {@code repaired}, to be rewritten.
   */
  private boolean storedIntact(Digest digest, Set<Digest> repaired) throws IOException {
    refuseErased(digest, "(refused: erased content is never stored again)");
    Path object = objectPath(digest);
    if (!Files.isRegularFile(object)) {
      return false;
    }
    if (Sha256.ofFile(object).equals(digest)) {
      return true;
    }
    repaired.add(digest);
    return false;
  }

  private Digest putDirectory(FileTree tree, ProgressListener progress, Set<Digest> repaired)
      throws IOException {
    List<FileTree.Entry> files = tree.entries();
    long total = tree.totalBytes();
    AtomicLong done = new AtomicLong();
    Digest[] digests = new Digest[files.size()];
    ExecutorService pool = newPool(Math.min(threads, Math.max(1, files.size())));
    try {
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingLong((Integer i) -> files.get(i).size()).reversed());
      List<Future<?>> futures = new ArrayList<>();
      for (int i : order) {
        futures.add(
            pool.submit(
                () -> {
                  try {
                    digests[i] =
                        storeFile(
                            files.get(i).path(),
                            n -> progress.onProgress(done.addAndGet(n), total),
                            repaired);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
      ParallelIo.awaitAll(futures, "storing");
    } finally {
      pool.shutdownNow();
    }
    List<DirectoryManifest.Entry> entries = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      entries.add(new DirectoryManifest.Entry(files.get(i).relativePath(), digests[i]));
    }
    DirectoryManifest manifest = new DirectoryManifest(entries);
    Digest digest = putBytes(manifest.bytes(), repaired);
    Path marker = markerPath(digest);
    if (!Files.exists(marker)) {
      Files.createDirectories(marker.getParent());
      try {
        Files.createFile(marker);
      } catch (FileAlreadyExistsException concurrentPut) {
        // another writer stored the same directory at the same time: the marker is what we want
      }
      syncDirectory(marker.getParent());
    }
    return digest;
  }

  /**
   * Stores one file. It is hashed first, so storing what is already stored costs one read and no
   * write; otherwise it is copied while hashed again, and a file that changed between the two reads
   * is refused rather than stored under a name that does not fit it.
   */
  private Digest storeFile(Path src, LongConsumer bytesRead, Set<Digest> repaired)
      throws IOException {
    Digest expected = Sha256.ofFile(src, bytesRead);
    if (storedIntact(expected, repaired)) {
      return expected;
    }
    ensureLayout();
    Path temp = newTempFile();
    try {
      MessageDigest md = Sha256.newDigest();
      ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_SIZE);
      try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
          FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        while (in.read(buf) >= 0) {
          buf.flip();
          md.update(buf.duplicate());
          while (buf.hasRemaining()) {
            out.write(buf);
          }
          buf.clear();
        }
        out.force(true);
      }
      Digest digest = Digest.of(md.digest());
      if (!digest.equals(expected)) {
        throw new IOException(src + " changed while it was being stored; store it again");
      }
      publish(temp, digest, repaired.contains(digest));
      return digest;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Moves a complete, synced temp file to its object name, unless that object exists; with {@code
   * replace}, over the (corrupt) object that is there.
   */
  private void publish(Path temp, Digest digest, boolean replace) throws IOException {
    Path target = objectPath(digest);
    if (!replace && Files.exists(target)) {
      return;
    }
    makeReadOnly(temp);
    Files.createDirectories(target.getParent());
    // rename(2) is atomic, and replaces the target in one step: a reader sees the corrupt object or
    // the good one, never a partial file; an identical object renamed in concurrently is harmless
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(target.getParent());
    Optional<Tombstone> erasedMeanwhile = erasure(digest);
    if (erasedMeanwhile.isPresent()) {
      // an erase ran between this put's check and its rename: the erasure wins
      Files.deleteIfExists(target);
      throw new ErasedObjectException(erasedMeanwhile.get(), "(erased while it was being stored)");
    }
  }

  /**
   * Restores {@code digest} to {@code out} (which must not exist, in a directory that must): a
   * file, or a whole directory when the digest is a stored directory manifest. Every byte is
   * re-hashed; on a mismatch nothing is left at {@code out}.
   */
  public void get(Digest digest, Path out) throws IOException {
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(out.toString(), null, "output already exists");
    }
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (!Files.isDirectory(parent)) {
      // never made on the way: a mistyped path must not leave directories behind
      throw new NoSuchFileException(
          parent.toString(), null, "the directory to restore " + out + " into does not exist");
    }
    Path staging = parent.resolve("." + target.getFileName() + ".lineage-" + randomSuffix());
    try {
      if (isDirectory(digest)) {
        DirectoryManifest manifest = readManifest(digest);
        Files.createDirectory(staging);
        for (DirectoryManifest.Entry e : manifest.entries()) {
          Path dest = staging.resolve(e.path());
          Files.createDirectories(dest.getParent());
          copyVerified(e.digest(), dest, e.path());
        }
      } else {
        copyVerified(digest, staging, null);
      }
      Files.move(staging, target);
    } finally {
      deleteRecursively(staging);
    }
  }

  /** The verified bytes of a small object, e.g. a signed envelope. */
  public byte[] readBytes(Digest digest) throws IOException {
    refuseErased(digest, null);
    Path p = objectPath(digest);
    if (!Files.exists(p)) {
      throw new MissingObjectException(digest, null);
    }
    byte[] bytes = Files.readAllBytes(p);
    Digest actual = Sha256.of(bytes);
    if (!actual.equals(digest)) {
      throw new CorruptObjectException(digest, actual, null);
    }
    return bytes;
  }

  /** The verified manifest of a stored directory. */
  public DirectoryManifest readManifest(Digest digest) throws IOException {
    refuseErased(digest, null);
    if (!isDirectory(digest)) {
      throw new IllegalArgumentException(digest + " is not a stored directory");
    }
    return DirectoryManifest.parse(readBytes(digest));
  }

  private void copyVerified(Digest digest, Path dest, String where) throws IOException {
    refuseErased(digest, where == null ? null : "(file " + where + ")");
    Path src = objectPath(digest);
    if (!Files.exists(src)) {
      throw new MissingObjectException(digest, where == null ? null : "(file " + where + ")");
    }
    MessageDigest md = Sha256.newDigest();
    ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_SIZE);
    try (FileChannel in = FileChannel.open(src, StandardOpenOption.READ);
        FileChannel outCh =
            FileChannel.open(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (in.read(buf) >= 0) {
        buf.flip();
        md.update(buf.duplicate());
        while (buf.hasRemaining()) {
          outCh.write(buf);
        }
        buf.clear();
      }
    }
    Digest actual = Digest.of(md.digest());
    if (!actual.equals(digest)) {
      throw new CorruptObjectException(digest, actual, where);
    }
  }

  /**
   * The tombstone of an erased object, if it was erased.
   *
   * @throws IOException if a tombstone is there but unreadable
   */
  public Optional<Tombstone> erasure(Digest digest) throws IOException {
    Path p = tombstonePath(digest);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    return Optional.of(TombstoneFiles.read(Files.readAllBytes(p), digest));
  }

  private void refuseErased(Digest digest, String context) throws IOException {
    Optional<Tombstone> t = erasure(digest);
    if (t.isPresent()) {
      throw new ErasedObjectException(t.get(), context);
    }
  }

  /**
   * Erases an object's content for a deletion request: the content is deleted and a tombstone keeps
   * its digest, size and {@code fact}. A stored directory is erased whole: every file it lists,
   * then its manifest (whose tombstone lists the files); a file object that another directory
   * shares is the same content, and is erased for both. Afterwards every read of it throws {@link
   * ErasedObjectException}, and so does a put of the same content.
   *
   * <p>Idempotent: erasing again (after a crash half-way, say) finishes the job and returns the
   * first tombstone, whose fact stays the one recorded first.
   *
   * @return the tombstone of {@code digest}
   * @throws MissingObjectException if the object is neither stored nor erased
   */
  public Tombstone erase(Digest digest, ErasureFact fact) throws IOException {
    Objects.requireNonNull(fact, "fact");
    Optional<Tombstone> existing = erasure(digest);
    if (existing.isPresent()) {
      Tombstone t = existing.get();
      for (Digest file : t.directoryFiles()) {
        eraseOne(file, t.fact(), List.of());
      }
      deleteObject(digest);
      return t;
    }
    Path object = objectPath(digest);
    if (!Files.isRegularFile(object)) {
      throw new MissingObjectException(digest, "(nothing to erase)");
    }
    List<Digest> files = List.of();
    if (Files.exists(markerPath(digest))) {
      DirectoryManifest manifest = DirectoryManifest.parse(readBytes(digest));
      files =
          manifest.entries().stream()
              .map(DirectoryManifest.Entry::digest)
              .distinct()
              .sorted(Comparator.comparing(Digest::toString))
              .toList();
    }
    for (Digest file : files) {
      eraseOne(file, fact, List.of());
    }
    // the directory's own tombstone last: once it is written, the erase is complete but for
    // deleting its manifest, which erasing again finishes
    return eraseOne(digest, fact, files);
  }

  private Tombstone eraseOne(Digest digest, ErasureFact fact, List<Digest> files)
      throws IOException {
    Optional<Tombstone> existing = erasure(digest);
    Tombstone t;
    if (existing.isPresent()) {
      t = existing.get();
    } else {
      Path object = objectPath(digest);
      long size = Files.isRegularFile(object) ? Files.size(object) : 0L;
      t = new Tombstone(digest, size, fact, files);
      ensureLayout();
      Path temp = newTempFile();
      try {
        Files.write(temp, TombstoneFiles.write(t), StandardOpenOption.WRITE);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Path target = tombstonePath(digest);
        Files.createDirectories(target.getParent());
        // the tombstone before the deletion: a crash in between leaves content that reads refuse
        // and fsck reports, never content that reads as if nothing happened
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    deleteObject(digest);
    return t;
  }

  private void deleteObject(Digest digest) throws IOException {
    Path object = objectPath(digest);
    if (Files.deleteIfExists(object)) {
      syncDirectory(object.getParent());
    }
  }

  /** The digests of every object stored (not erased), in digest order. */
  public List<Digest> objectDigests() throws IOException {
    if (!Files.isDirectory(objects)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(objects)) {
      return s.map(this::parseObjectName)
          .filter(Objects::nonNull)
          .sorted(Comparator.comparing(Digest::toString))
          .toList();
    }
  }

  public boolean contains(Digest digest) {
    return Files.isRegularFile(objectPath(digest));
  }

  /** Where the object lives, when it is stored. */
  public Optional<Path> path(Digest digest) {
    Path p = objectPath(digest);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  /** True when the digest is a stored directory (its manifest and all its files). */
  public boolean isDirectory(Digest digest) {
    return Files.exists(markerPath(digest)) && contains(digest);
  }

  /**
   * Re-hashes every object, checks that every stored directory is complete and every tombstone
   * readable. Erased objects are reported as such ({@link FsckReport#erased()}), never as corrupt
   * or missing; an erased object whose content is still there (an erase interrupted) is a problem.
   */
  public FsckReport fsck() throws IOException {
    List<Path> objectFiles = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    if (Files.isDirectory(objects)) {
      try (Stream<Path> s = Files.walk(objects)) {
        s.filter(p -> !p.equals(objects)).sorted().forEach(objectFiles::add);
      }
    }
    List<Path> toCheck = new ArrayList<>();
    for (Path p : objectFiles) {
      if (Files.isDirectory(p) && p.getParent().equals(objects)) {
        continue;
      }
      if (parseObjectName(p) == null) {
        problems.add("unexpected file in the object tree: " + root.relativize(p));
      } else {
        toCheck.add(p);
      }
    }
    List<Digest> corrupt = rehashAll(toCheck);
    Set<Digest> erased = new TreeSet<>(Comparator.comparing(Digest::toString));
    if (Files.isDirectory(tombstones)) {
      List<Path> stones;
      try (Stream<Path> s = Files.walk(tombstones)) {
        stones = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path stone : stones) {
        Digest d = parseName(tombstones, stone);
        if (d == null) {
          problems.add("unexpected file among the tombstones: " + root.relativize(stone));
          continue;
        }
        try {
          TombstoneFiles.read(Files.readAllBytes(stone), d);
        } catch (IOException e) {
          problems.add(e.getMessage());
          continue;
        }
        erased.add(d);
        if (Files.exists(objectPath(d))) {
          problems.add(
              "object " + d + " is erased but its content is still stored: erase it again");
        }
      }
    }
    List<FsckReport.Missing> missing = new ArrayList<>();
    if (Files.isDirectory(dirs)) {
      List<Path> markers;
      try (Stream<Path> s = Files.walk(dirs)) {
        markers = s.filter(Files::isRegularFile).sorted().toList();
      }
      for (Path marker : markers) {
        Digest dir = parseName(dirs, marker);
        if (dir == null) {
          problems.add("unexpected file in the directory index: " + root.relativize(marker));
          continue;
        }
        if (erased.contains(dir)) {
          continue;
        }
        if (!contains(dir)) {
          missing.add(new FsckReport.Missing(dir, "", dir));
          continue;
        }
        if (corrupt.contains(dir)) {
          continue;
        }
        DirectoryManifest manifest;
        try {
          manifest = DirectoryManifest.parse(Files.readAllBytes(objectPath(dir)));
        } catch (IllegalArgumentException e) {
          problems.add("directory " + dir + " has an unreadable manifest: " + e.getMessage());
          continue;
        }
        for (DirectoryManifest.Entry e : manifest.entries()) {
          if (!contains(e.digest()) && !erased.contains(e.digest())) {
            missing.add(new FsckReport.Missing(dir, e.path(), e.digest()));
          }
        }
      }
    }
    return new FsckReport(toCheck.size(), corrupt, missing, problems, List.copyOf(erased));
  }

  private List<Digest> rehashAll(List<Path> files) throws IOException {
    Digest[] bad = new Digest[files.size()];
    ExecutorService pool = newPool(Math.min(threads, Math.max(1, files.size())));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        int idx = i;
        futures.add(
            pool.submit(
                () -> {
                  Path p = files.get(idx);
                  Digest expected = parseObjectName(p);
                  try {
                    if (!Sha256.ofFile(p).equals(expected)) {
                      bad[idx] = expected;
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
      ParallelIo.awaitAll(futures, "storing");
    } finally {
      pool.shutdownNow();
    }
    List<Digest> corrupt = new ArrayList<>();
    for (Digest d : bad) {
      if (d != null) {
        corrupt.add(d);
      }
    }
    return corrupt;
  }

  private Digest parseObjectName(Path p) {
    return Files.isRegularFile(p) ? parseName(objects, p) : null;
  }

  private static Digest parseName(Path base, Path p) {
    Path rel = base.relativize(p);
    if (rel.getNameCount() != 2) {
      return null;
    }
    String prefix = rel.getName(0).toString();
    String rest = rel.getName(1).toString();
    if (prefix.length() != 2 || rest.length() != 62) {
      return null;
    }
    try {
      return Digest.ofHex(prefix + rest);
    } catch (InvalidIdException e) {
      return null;
    }
  }

  Path objectPath(Digest d) {
    String hex = d.hex();
    return objects.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
  }

  private Path tombstonePath(Digest d) {
    String hex = d.hex();
    return tombstones.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
  }

  private Path markerPath(Digest d) {
    String hex = d.hex();
    return dirs.resolve(hex.substring(0, 2)).resolve(hex.substring(2));
  }

  private void ensureLayout() throws IOException {
    Files.createDirectories(objects);
    Files.createDirectories(dirs);
    Files.createDirectories(tmp);
  }

  private Path newTempFile() throws IOException {
    return Files.createFile(tmp.resolve("put-" + randomSuffix()));
  }

  private static String randomSuffix() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void makeReadOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("r--r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      if (!p.toFile().setReadOnly()) {
        throw new IOException("cannot make " + p + " read-only", notPosix);
      }
    }
  }

  /** Makes a rename durable: without it a crash can lose the new directory entry. */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // some platforms cannot open a directory; the rename itself still happened
      return;
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.deleteIfExists(q);
        } catch (DirectoryNotEmptyException e) {
          throw new IOException("cannot clean up " + p, e);
        }
      }
    }
  }

  private static ExecutorService newPool(int n) {
    return Executors.newFixedThreadPool(
        n,
        r -> {
          Thread t = new Thread(r, "lineage-cas");
          t.setDaemon(true);
          return t;
        });
  }
}
