package dev.lineage.hash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The regular files below a directory, in the order of the directory-digest rule: sorted bytewise
 * by their UTF-8 relative path with {@code /} separators (what {@code LC_ALL=C sort} does).
 *
 * <p>Refused, with an {@link UnhashablePathException} naming the path: symbolic links (unless
 * followed; then cycles and broken links are refused), special files (fifos, sockets, devices), and
 * names that {@code sha256sum} would print escaped (a backslash, a newline, a carriage return) or
 * that hold other control characters, since a digest over them could not be checked with the
 * coreutils pipeline. Names that are not valid UTF-8 (or that the JVM cannot decode because its
 * locale is not UTF-8) are refused too. Empty directories contribute nothing.
 */
public final class FileTree {

  /** One regular file: its relative path as written in the manifest, and where it is. */
  public record Entry(String relativePath, Path path, long size) {}

  /** Compares relative paths as {@code LC_ALL=C sort} does: unsigned bytes of UTF-8. */
  public static final Comparator<String> BYTEWISE =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private final Path root;
  private final List<Entry> entries;
  private final long totalBytes;

  private FileTree(Path root, List<Entry> entries) {
    this.root = root;
    this.entries = List.copyOf(entries);
    this.totalBytes = entries.stream().mapToLong(Entry::size).sum();
  }

  public static FileTree scan(Path dir, boolean followSymlinks) throws IOException {
    if (!followSymlinks && Files.isSymbolicLink(dir)) {
      throw symlinkRefused(dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new NotDirectoryException(dir.toString());
    }
    List<Entry> found = new ArrayList<>();
    Set<FileVisitOption> options =
        followSymlinks
            ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
            : EnumSet.noneOf(FileVisitOption.class);
    Files.walkFileTree(
        dir,
        options,
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isSymbolicLink()) {
              throw followSymlinks
                  ? new UnhashablePathException(file, "broken symbolic link: " + file)
                  : symlinkRefused(file);
            }
            if (attrs.isDirectory()) {
              // reached when the depth limit stops descent; never with MAX_VALUE
              return FileVisitResult.CONTINUE;
            }
            if (!attrs.isRegularFile()) {
              throw new UnhashablePathException(
                  file, "not a regular file (fifo, socket or device): " + file);
            }
            String rel = relative(dir, file);
            found.add(new Entry(rel, file, attrs.size()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              throw new UnhashablePathException(
                  file, "symbolic link cycle: " + file + " leads back to a directory above it");
            }
            throw e;
          }
        });
    found.sort((a, b) -> BYTEWISE.compare(a.relativePath(), b.relativePath()));
    return new FileTree(dir, found);
  }

  static UnhashablePathException symlinkRefused(Path link) {
    String target;
    try {
      target = " -> " + Files.readSymbolicLink(link);
    } catch (IOException | UnsupportedOperationException e) {
      target = "";
    }
    return new UnhashablePathException(
        link,
        "symbolic link refused: "
            + link
            + target
            + " (follow links explicitly, e.g. --follow-symlinks, to hash what it points to)");
  }

  private static String relative(Path root, Path file) throws UnhashablePathException {
    Path rel = root.relativize(file);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < rel.getNameCount(); i++) {
      if (i > 0) {
        b.append('/');
      }
      b.append(rel.getName(i).toString());
    }
    String s = b.toString();
    String problem = DirectoryManifest.pathProblem(s);
    if (problem != null) {
      throw new UnhashablePathException(file, "file name refused: " + file + ": " + problem);
    }
    return s;
  }

  public Path root() {
    return root;
  }

  public List<Entry> entries() {
    return entries;
  }

  public long totalBytes() {
    return totalBytes;
  }
}
