package dev.lineage.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lineage.hash.Sha256;
import dev.lineage.id.Digest;
import dev.lineage.publish.RecordList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the record-key lists of deletion requests so that they can be forgotten: unlike the
 * write-once content-addressed store, every list here is encrypted (AES-256-GCM) under a data key
 * of its own, and {@link #destroy} overwrites and deletes that key and deletes the ciphertext.
 * After that no copy of the list can be read, whoever kept the ciphertext.
 *
 * <p>Layout (the two directories may be on different disks, e.g. keys on a tmpfs or a mounted
 * secret store):
 *
 * <ul>
 *   <li>{@code lists/<h>.list}: one header line {@code #lineage-vault v1 iv=<24 hex>}, then the
 *       ciphertext of the salted list ({@link RecordList}), authenticated with the request id;
 *   <li>{@code lists/<h>.json}: what is not secret: request id, the list's digest (salted, the one
 *       the deletion request carries) and key count, when it was stored, when it was erased;
 *   <li>{@code keys/<h>.key}: the 32-byte data key, mode 0600 in a 0700 directory.
 * </ul>
 *
 * {@code <h>} is the hex SHA-256 of the request id, so no request id becomes a path.
 *
 * <p>The digest stays the salted list's, so what the deletion request carries names the list kept
 * here, and a read checks the decrypted bytes against it.
 */
public final class RecordListVault {
  /** The location a deletion request names for a list kept here: {@code vault:<request id>}. */
  public static final String LOCATION_SCHEME = "vault";

  private static final String HEADER = "#lineage-vault v1 iv=";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path lists;
  private final Path keys;
  private final Clock clock;
  private final SecureRandom random;

  /** A list's state as the vault knows it. */
  public enum State {
    STORED,
    ERASED
  }

  /**
   * What the vault holds (or held) for one request: nothing here is personal data.
   *
   * @param erasedAt when the key was destroyed; null while the list is stored
   */
  public record Entry(
      String requestId, Digest digest, long count, Instant storedAt, Instant erasedAt) {
    public State state() {
      return erasedAt == null ? State.STORED : State.ERASED;
    }
  }

  public RecordListVault(Path lists, Path keys, Clock clock, SecureRandom random) {
    this.lists = lists.toAbsolutePath().normalize();
    this.keys = keys.toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A vault with {@code lists/} and {@code keys/} under {@code root}. */
  public static RecordListVault at(Path root, Clock clock) {
    return new RecordListVault(
        root.resolve("lists"), root.resolve("keys"), clock, new SecureRandom());
  }

  /** {@code vault:<request id>}: what a deletion request names as the list's location. */
  public static String location(String requestId) {
    return LOCATION_SCHEME + ":" + requestId;
  }

  /**
   * Salts the plain list read from {@code plainList} with a fresh salt and keeps it encrypted; the
   * salted list never touches the disk in the clear. The caller then deletes its own plain copy.
   *
   * @return the entry, whose digest the deletion request carries
   * @throws FileAlreadyExistsException if the vault holds or held a list for this request
   */
  public Entry store(String requestId, InputStream plainList) throws IOException {
    ByteArrayOutputStream salted = new ByteArrayOutputStream();
    RecordList.salt(plainList, salted, random);
    return keep(requestId, salted.toByteArray());
  }

  /**
   * Keeps an already salted list (one that the content-addressed store held, say), unchanged: its
   * digest stays the one a deletion request carries.
   *
   * @throws IllegalArgumentException if the bytes are not a salted record list
   * @throws FileAlreadyExistsException if the vault holds or held a list for this request
   */
  public Entry storeSalted(String requestId, byte[] saltedList) throws IOException {
    RecordList.describe(saltedList);
    return keep(requestId, saltedList.clone());
  }

  private Entry keep(String requestId, byte[] salted) throws IOException {
    checkRequestId(requestId);
    if (Files.exists(metaPath(requestId))) {
      throw new FileAlreadyExistsException(
          metaPath(requestId).toString(), null, "a list is kept (or was) for request " + requestId);
    }
    RecordList.Salted described = RecordList.describe(salted);
    ensureLayout();
    byte[] key = new byte[KEY_BYTES];
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(key);
    random.nextBytes(iv);
    // the key first: a list without its key is unreadable anyway, a key without a list is harmless
    writeAtomically(keyPath(requestId), key, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream(salted.length + 64);
    out.write((HEADER + HexFormat.of().formatHex(iv) + "\n").getBytes(StandardCharsets.US_ASCII));
    try {
      out.write(cipher(Cipher.ENCRYPT_MODE, key, iv, requestId).doFinal(salted));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encrypt the record list of request " + requestId, e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    writeAtomically(listPath(requestId), out.toByteArray(), false);
    Entry entry =
        new Entry(requestId, described.digest(), described.count(), clock.instant(), null);
    writeAtomically(metaPath(requestId), meta(entry), false);
    return entry;
  }

  /** What the vault holds or held for a request, if anything. */
  public Optional<Entry> find(String requestId) throws IOException {
    checkRequestId(requestId);
    Path meta = metaPath(requestId);
    if (!Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    JsonNode o = JSON.readTree(Files.readAllBytes(meta));
    return Optional.of(
        new Entry(
            o.path("requestId").asText(),
            Digest.parse(o.path("digest").asText()),
            o.path("count").asLong(),
            Instant.parse(o.path("storedAt").asText()),
            o.hasNonNull("erasedAt") ? Instant.parse(o.get("erasedAt").asText()) : null));
  }

  /**
   * The salted list as stored, decrypted and checked against its digest.
   *
   * @throws RecordListErasedException if it was erased (or its key is gone)
   * @throws UnknownRecordListException if the vault never held a list for the request
   * @throws IOException if the ciphertext or key was altered
   */
  public byte[] read(String requestId) throws IOException {
    Entry entry = find(requestId).orElseThrow(() -> new UnknownRecordListException(requestId));
    if (entry.state() == State.ERASED) {
      throw new RecordListErasedException(requestId, entry.erasedAt());
    }
    Path keyFile = keyPath(requestId);
    Path listFile = listPath(requestId);
    if (!Files.isRegularFile(keyFile) || !Files.isRegularFile(listFile)) {
      // a destroy interrupted after the key went: the list is unreadable, which is the point
      throw new RecordListErasedException(requestId, null);
    }
    byte[] key = Files.readAllBytes(keyFile);
    byte[] stored = Files.readAllBytes(listFile);
    int newline = indexOf(stored, (byte) '\n');
    String header = newline < 0 ? "" : new String(stored, 0, newline, StandardCharsets.US_ASCII);
    if (!header.startsWith(HEADER) || header.length() != HEADER.length() + 2 * IV_BYTES) {
      throw new IOException("the vault file of request " + requestId + " has no valid header");
    }
    byte[] iv = HexFormat.of().parseHex(header.substring(HEADER.length()));
    byte[] salted;
    try {
      salted =
          cipher(Cipher.DECRYPT_MODE, key, iv, requestId)
              .doFinal(stored, newline + 1, stored.length - newline - 1);
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "the record list of request " + requestId + " does not decrypt: altered or wrong key", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    Digest actual = Sha256.of(salted);
    if (!actual.equals(entry.digest())) {
      throw new IOException(
          "the record list of request "
              + requestId
              + " hashes to "
              + actual
              + ", not "
              + entry.digest());
    }
    return salted;
  }

  /** The record keys of a request's list (the salted list without its header). */
  public List<String> recordKeys(String requestId) throws IOException {
    return RecordList.keys(read(requestId));
  }

  /**
   * Erases a request's list: overwrites and deletes its key, deletes the ciphertext, and records
   * when. Idempotent: destroying again returns the entry of the first destruction.
   *
   * @throws UnknownRecordListException if the vault never held a list for the request
   */
  public Entry destroy(String requestId) throws IOException {
    Entry entry = find(requestId).orElseThrow(() -> new UnknownRecordListException(requestId));
    Path keyFile = keyPath(requestId);
    if (Files.exists(keyFile)) {
      // overwrite first: on a file system that reuses blocks in place, the deleted key's bytes
      // are then zeros, not the key
      try (FileChannel ch = FileChannel.open(keyFile, StandardOpenOption.WRITE)) {
        long size = ch.size();
        ByteBuffer zeros = ByteBuffer.allocate((int) Math.max(size, KEY_BYTES));
        while (zeros.hasRemaining()) {
          ch.write(zeros);
        }
        ch.force(true);
      }
      Files.delete(keyFile);
      syncDirectory(keys);
    }
    if (Files.deleteIfExists(listPath(requestId))) {
      syncDirectory(lists);
    }
    if (entry.state() == State.ERASED) {
      return entry;
    }
    Entry erased =
        new Entry(
            entry.requestId(), entry.digest(), entry.count(), entry.storedAt(), clock.instant());
    writeAtomically(metaPath(requestId), meta(erased), false);
    return erased;
  }

  private static byte[] meta(Entry e) {
    ObjectNode o = JSON.createObjectNode();
    o.put("requestId", e.requestId());
    o.put("digest", e.digest().toString());
    o.put("count", e.count());
    o.put("storedAt", e.storedAt().toString());
    if (e.erasedAt() != null) {
      o.put("erasedAt", e.erasedAt().toString());
    }
    return (o.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher cipher(int mode, byte[] key, byte[] iv, String requestId)
      throws IOException {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      // binds the ciphertext to its request: a list moved under another request's name fails
      c.updateAAD(requestId.getBytes(StandardCharsets.UTF_8));
      return c;
    } catch (GeneralSecurityException e) {
      throw new IOException("AES-256-GCM is not available", e);
    }
  }

  private void ensureLayout() throws IOException {
    Files.createDirectories(lists);
    if (!Files.isDirectory(keys)) {
      Files.createDirectories(keys);
      setPermissions(keys, "rwx------");
    }
  }

  private void writeAtomically(Path target, byte[] bytes, boolean secret) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + "." + randomHex());
    try {
      if (secret) {
        Files.createFile(
            temp,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(target.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private String randomHex() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static void setPermissions(Path p, String perms) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (UnsupportedOperationException notPosix) {
      // the directory's own protection is what a non-POSIX file system offers
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // some platforms cannot open a directory; the rename or delete itself still happened
    }
  }

  private Path listPath(String requestId) {
    return lists.resolve(name(requestId) + ".list");
  }

  private Path metaPath(String requestId) {
    return lists.resolve(name(requestId) + ".json");
  }

  private Path keyPath(String requestId) {
    return keys.resolve(name(requestId) + ".key");
  }

  private static String name(String requestId) {
    return Sha256.of(requestId.getBytes(StandardCharsets.UTF_8)).hex();
  }

  private static void checkRequestId(String requestId) {
    if (requestId == null
        || requestId.isEmpty()
        || requestId.length() > 256
        || requestId.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "request id must be 1 to 256 characters without control characters");
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
