package dev.lineage.tlog.witness;

import dev.lineage.tlog.merkle.Hash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Witness state in one text file, rewritten whole on every update through a temporary file in the
 * same directory, forced to disk and atomically moved over the old one, so a crash leaves either
 * the old or the new state, never a torn one.
 *
 * <pre>
 * lineage-witness-state v1
 * &lt;size&gt; &lt;base64 root&gt; &lt;origin&gt;
 * ...
 * </pre>
 *
 * The origin comes last because it may contain spaces (c2sp.org/tlog-checkpoint only recommends
 * against them); it cannot contain a newline.
 */
public final class FileWitnessState implements WitnessState {
  static final String HEADER = "lineage-witness-state v1";

  private final Path file;
  private final Map<String, TreeHead> heads;

  private FileWitnessState(Path file, Map<String, TreeHead> heads) {
    this.file = file;
    this.heads = heads;
  }

  /** Opens the state file, or starts empty when it does not exist yet. */
  public static FileWitnessState open(Path file) throws IOException {
    Map<String, TreeHead> heads = new TreeMap<>();
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new FileWitnessState(file, heads);
    }
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n") || !lines[0].equals(HEADER)) {
      throw new IOException(file + " is not a witness state file (" + HEADER + ")");
    }
    for (int i = 1; i < lines.length - 1; i++) {
      String[] parts = lines[i].split(" ", 3);
      try {
        if (parts.length != 3 || heads.containsKey(parts[2])) {
          throw new IllegalArgumentException("expected <size> <root> <origin>, once per origin");
        }
        heads.put(parts[2], new TreeHead(Long.parseLong(parts[0]), Hash.fromBase64(parts[1])));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return new FileWitnessState(file, heads);
  }

  @Override
  public synchronized Optional<TreeHead> get(String origin) {
    return Optional.ofNullable(heads.get(origin));
  }

  @Override
  public synchronized void put(String origin, TreeHead head) throws IOException {
    Map<String, TreeHead> next = new TreeMap<>(heads);
    next.put(origin, head);
    write(next);
    heads.clear();
    heads.putAll(next);
  }

  @Override
  public synchronized Map<String, TreeHead> all() {
    return Map.copyOf(heads);
  }

  private void write(Map<String, TreeHead> state) throws IOException {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    state.forEach(
        (origin, h) ->
            sb.append(h.size())
                .append(' ')
                .append(h.root().base64())
                .append(' ')
                .append(origin)
                .append('\n'));
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
