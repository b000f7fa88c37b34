package dev.lineage.compare;

import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The scores a model gave to held-out examples: a CSV file of {@code id,label,score} rows, with an
 * optional header line {@code id,label,score}. Labels are {@code 0} or {@code 1}; scores are finite
 * decimal numbers. Fields are trimmed of surrounding blanks; quoting is not supported (an id holds
 * no comma). Lines end with LF or CRLF; an empty line, a duplicate id or an empty file is refused
 * with the file name and line.
 *
 * <p>The whole file is read at once (so files up to 2 GiB): its digest, which an attestation
 * records, is then exactly of the bytes that were parsed.
 */
public final class ScoreFile {
  /** The optional first line. */
  public static final String HEADER = "id,label,score";

  /** Longest piece of a bad field quoted back in a message. */
  private static final int SHOWN = 40;

  private final String name;
  private final Digest digest;
  private final String[] ids;
  private final boolean[] labels;
  private final double[] scores;
  private final int[] lines;
  private final Map<String, Integer> index;

  private ScoreFile(
      String name,
      Digest digest,
      String[] ids,
      boolean[] labels,
      double[] scores,
      int[] lines,
      Map<String, Integer> index) {
    this.name = name;
    this.digest = digest;
    this.ids = ids;
    this.labels = labels;
    this.scores = scores;
    this.lines = lines;
    this.index = index;
  }

  /**
   * Reads and parses a file; its name in messages is the path as given.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws ScoreFileException if it is not a score file
   */
  public static ScoreFile read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Parses the bytes of a score file.
   *
   * @param name what messages call the file
   * @throws ScoreFileException if it is not a score file
   */
  public static ScoreFile parse(String name, byte[] bytes) {
    Digest digest = Sha256.of(bytes);
    String text = decode(name, bytes);
    int capacity = 1;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        capacity++;
      }
    }
    String[] ids = new String[capacity];
    boolean[] labels = new boolean[capacity];
    double[] scores = new double[capacity];
    int[] lines = new int[capacity];
    Map<String, Integer> index = new HashMap<>(capacity * 4 / 3 + 1);
    int rows = 0;
    int lineNo = 0;
    int pos = text.startsWith("\uFEFF") ? 1 : 0;
    int length = text.length();
    while (pos < length) {
      int newline = text.indexOf('\n', pos);
      int end = newline < 0 ? length : newline;
      int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
      int lineStart = pos;
      lineNo++;
      pos = end + 1;
      if (lineEnd == lineStart) {
        throw new ScoreFileException(at(name, lineNo) + "empty line");
      }
      if (lineNo == 1 && isHeader(text.substring(lineStart, lineEnd))) {
        continue;
      }
      // fields by index into the text: no per-line copies, 100k rows in a blink
      int c1 = comma(text, lineStart, lineEnd);
      int c2 = c1 < 0 ? -1 : comma(text, c1 + 1, lineEnd);
      if (c2 < 0 || comma(text, c2 + 1, lineEnd) >= 0) {
        String line = text.substring(lineStart, lineEnd);
        int fields = (int) line.chars().filter(c -> c == ',').count() + 1;
        throw new ScoreFileException(
            at(name, lineNo)
                + "expected 3 fields id,label,score, found "
                + fields
                + (lineNo == 1 ? " (the optional header is exactly " + HEADER + ")" : ""));
      }
      String id = field(text, lineStart, c1);
      if (id.isEmpty()) {
        throw new ScoreFileException(at(name, lineNo) + "empty id");
      }
      String label = field(text, c1 + 1, c2);
      boolean positive;
      if (label.equals("1")) {
        positive = true;
      } else if (label.equals("0")) {
        positive = false;
      } else if (lineNo == 1 && id.equalsIgnoreCase("id")) {
        throw new ScoreFileException(
            at(name, lineNo)
                + "the header must be exactly "
                + HEADER
                + ", got '"
                + shown(text.substring(lineStart, lineEnd))
                + "'");
      } else {
        throw new ScoreFileException(
            at(name, lineNo) + "label must be 0 or 1, got '" + shown(label) + "'");
      }
      double score = score(name, lineNo, field(text, c2 + 1, lineEnd));
      Integer first = index.putIfAbsent(id, rows);
      if (first != null) {
        throw new ScoreFileException(
            at(name, lineNo)
                + "duplicate id '"
                + shown(id)
                + "' (first on line "
                + lines[first]
                + ")");
      }
      ids[rows] = id;
      labels[rows] = positive;
      scores[rows] = score;
      lines[rows] = lineNo;
      rows++;
    }
    if (rows == 0) {
      throw new ScoreFileException(
          name + ": no examples (" + (lineNo == 0 ? "empty file" : "only a header") + ")");
    }
    return new ScoreFile(
        name,
        digest,
        Arrays.copyOf(ids, rows),
        Arrays.copyOf(labels, rows),
        Arrays.copyOf(scores, rows),
        Arrays.copyOf(lines, rows),
        index);
  }

  /** What messages call the file. */
  public String name() {
    return name;
  }

  /** SHA-256 of the file's bytes. */
  public Digest digest() {
    return digest;
  }

  /** Number of examples. */
  public int size() {
    return ids.length;
  }

  public String id(int row) {
    return ids[row];
  }

  /** Whether example {@code row} is labelled positive (1). */
  public boolean label(int row) {
    return labels[row];
  }

  public double score(int row) {
    return scores[row];
  }

  /** The line of the file (from 1) that example {@code row} is on. */
  public int line(int row) {
    return lines[row];
  }

  /** The row holding {@code id}, if any. */
  public OptionalInt rowOf(String id) {
    Integer row = index.get(id);
    return row == null ? OptionalInt.empty() : OptionalInt.of(row);
  }

  /** The scores, in file order (a copy). */
  public double[] scores() {
    return scores.clone();
  }

  /** The labels, in file order (a copy). */
  public boolean[] labels() {
    return labels.clone();
  }

  /** A fragment of input for a message: bounded, without control characters. */
  static String shown(String s) {
    String cut = s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s;
    StringBuilder b = new StringBuilder(cut.length());
    cut.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return b.toString();
  }

  private static int comma(String text, int from, int to) {
    int i = text.indexOf(',', from);
    return i >= 0 && i < to ? i : -1;
  }

  /** {@code text[from, to)} without surrounding blanks. */
  private static String field(String text, int from, int to) {
    while (from < to && isBlank(text.charAt(from))) {
      from++;
    }
    while (to > from && isBlank(text.charAt(to - 1))) {
      to--;
    }
    return text.substring(from, to);
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isHeader(String line) {
    return line.replace(" ", "").equalsIgnoreCase(HEADER);
  }

  private static String at(String name, int line) {
    return name + " line " + line + ": ";
  }

  /**
   * Decimal numbers only: {@link Double#parseDouble} alone would also take {@code NaN}, {@code
   * Infinity}, hexadecimal and a trailing {@code d} or {@code f}.
   */
  private static double score(String name, int lineNo, String text) {
    boolean decimal = !text.isEmpty();
    for (int i = 0; i < text.length() && decimal; i++) {
      char c = text.charAt(i);
      decimal = c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    }
    double value = Double.NaN;
    if (decimal) {
      try {
        value = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
    }
    if (!Double.isFinite(value)) {
      throw new ScoreFileException(
          at(name, lineNo) + "score must be a finite decimal number, got '" + shown(text) + "'");
    }
    // -0.0 and 0.0 are the same score; sorting would otherwise tell them apart
    return value + 0.0;
  }

  private static String decode(String name, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ScoreFileException(name + ": not UTF-8 text");
    }
  }
}
