package io.memtrace.index;

import io.memtrace.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

/**
 * One file of an index, memory-mapped and framed the same way as every file memtrace writes in its
 * own format: a header naming its format, version and index, and a footer with a checksum.
 *
 * <pre>
 * File        := Header Body BlockCrcs Footer              (integers little endian)
 * Header      := HeaderMagic NameLength Name Version IndexId BodyLength HeaderCrc
 * HeaderMagic := 0x89 'M' 'T' 'X'
 * NameLength  := u8;  Name := NameLength ASCII bytes, the format of the body
 * Version     := u32, within the reader's [minimum, current] for that format
 * IndexId     := 16 random bytes shared by every file of one index
 * BodyLength  := u64
 * HeaderCrc   := u32 CRC-32 of the header bytes before it
 * Body        := BodyLength bytes, described by the class that writes the format
 * BlockCrcs   := u32[ceil(BodyLength / 65536)], CRC-32 of each 64 KiB block of the body (the last
 *                block shorter)
 * Footer      := FooterMagic Algorithm Checksum
 * FooterMagic := 'X' 'T' 'M' 0x89
 * Algorithm   := u32 = 1 (CRC-32)
 * Checksum    := u64 CRC-32 of every byte of the file before it
 * </pre>
 *
 * <p>{@link #open} checks everything but the checksums, which need a pass over the whole file; a
 * torn, foreign or mismatched file fails there with a {@link BadInputException} naming the file and
 * what was wrong. {@link #verify} reads the whole file and compares every block CRC and the
 * checksum. Queries read only a few blocks of a large file, and {@link #touch} checks each block's
 * CRC the first time a byte of it is read, so a corrupted block fails the query that reads it
 * instead of giving a wrong answer.
 *
 * <p>The block CRCs are in the frame since version 2 of every format; version 1 files lack them and
 * are refused (rebuild the index).
 */
final class IndexFile {
  static final byte[] HEADER_MAGIC = {(byte) 0x89, 'M', 'T', 'X'};
  static final byte[] FOOTER_MAGIC = {'X', 'T', 'M', (byte) 0x89};
  static final int ID_BYTES = 16;
  static final int CHECKSUM_CRC32 = 1;
  static final int FOOTER_BYTES = 4 + 4 + 8;

  static final ValueLayout.OfShort LE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfInt LE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfLong LE_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  static final int BLOCK_SHIFT = 16;
  static final int BLOCK_BYTES = 1 << BLOCK_SHIFT;

  private static final long CRC_CHUNK = 1 << 30;

  /** Corrupted blocks named in a message after the first, which is described in full. */
  private static final int MORE_BLOCKS_NAMED = 10;

  private final Path path;
  private final MemorySegment file;
  private final int version;
  private final long bodyOffset;
  private final long bodyLength;

  /**
   * One flag per body block, set once its CRC matched (a byte each, one load to test). Threads
   * share it without locks: a flag is set only after its block was checked, and a thread that does
   * not see another's flag yet only checks that block again.
   */
  private final boolean[] checked;

  private IndexFile(Path path, MemorySegment file, int version, long bodyOffset, long bodyLength) {
    this.path = path;
    this.file = file;
    this.version = version;
    this.bodyOffset = bodyOffset;
    this.bodyLength = bodyLength;
    this.checked = new boolean[blocks(bodyLength)];
  }

  /** Blocks of a body of {@code bodyLength} bytes. */
  static int blocks(long bodyLength) {
    return Math.toIntExact((bodyLength + BLOCK_BYTES - 1) >>> BLOCK_SHIFT);
  }

  /** Bytes of a header for a format named {@code name}. */
  static int headerBytes(String name) {
    return 4 + 1 + name.length() + 4 + ID_BYTES + 8 + 4;
  }

  /**
   * Maps {@code path} into {@code arena} and checks its frame: magic, format name, version within
   * {@code [minVersion, maxVersion]}, the index id (unless {@code id} is null), the header
   * checksum, the file size against the body length, and the footer's magic and algorithm.
   */
  static IndexFile open(
      Path path, String name, int minVersion, int maxVersion, byte[] id, Arena arena)
      throws IOException {
    MemorySegment file;
    try (FileChannel channel = FileChannel.open(path)) {
      file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
    } catch (NoSuchFileException e) {
      throw BadInputException.in(path, "no such file; the index is incomplete");
    }
    long size = file.byteSize();
    if (size < 5) {
      throw BadInputException.in(path, "truncated: " + size + " bytes, too short for a header");
    }
    if (!Arrays.equals(bytes(file, 0, 4), HEADER_MAGIC)) {
      throw BadInputException.in(
          path, "not a memtrace index file (no header magic 89 4D 54 58 at byte 0)");
    }
    int nameLength = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, 4));
    long headerBytes = 4 + 1 + nameLength + 4 + ID_BYTES + 8 + 4;
    if (size < headerBytes + FOOTER_BYTES) {
      throw BadInputException.in(
          path, "truncated: " + size + " bytes, shorter than its header and footer");
    }
    String found = new String(bytes(file, 5, nameLength), StandardCharsets.US_ASCII);
    if (!found.equals(name)) {
      throw BadInputException.in(path, "holds format \"" + found + "\", expected \"" + name + "\"");
    }
    long p = 5 + nameLength;
    CRC32 crc = new CRC32();
    crc.update(file.asSlice(0, headerBytes - 4).asByteBuffer());
    int storedCrc = file.get(LE_INT, headerBytes - 4);
    if (storedCrc != (int) crc.getValue()) {
      throw BadInputException.in(
          path,
          "header checksum mismatch (stored %08x, computed %08x): the file is corrupted"
              .formatted(storedCrc, (int) crc.getValue()));
    }
    int version = file.get(LE_INT, p);
    if (version < minVersion || version > maxVersion) {
      throw BadInputException.in(
          path,
          "%s version %d; this memtrace reads versions %d to %d: rebuild the index"
              .formatted(name, version, minVersion, maxVersion));
    }
    byte[] fileId = bytes(file, p + 4, ID_BYTES);
    if (id != null && !Arrays.equals(fileId, id)) {
      throw BadInputException.in(
          path,
          "belongs to another index (id %s, expected %s): files of two builds are mixed"
              .formatted(HexFormat.of().formatHex(fileId), HexFormat.of().formatHex(id)));
    }
    long bodyLength = file.get(LE_LONG, p + 4 + ID_BYTES);
    if (bodyLength < 0 || bodyLength > size) {
      throw BadInputException.in(
          path, "header announces a body of " + bodyLength + " bytes in a file of " + size);
    }
    long crcBytes = 4L * blocks(bodyLength);
    long expected = headerBytes + bodyLength + crcBytes + FOOTER_BYTES;
    if (size != expected) {
      throw BadInputException.in(
          path,
          "%s: %d bytes, its header announces %d (header %d + body %d + block CRCs %d + footer %d)"
              .formatted(
                  size < expected ? "truncated" : "wrong size",
                  size,
                  expected,
                  headerBytes,
                  bodyLength,
                  crcBytes,
                  FOOTER_BYTES));
    }
    long footer = size - FOOTER_BYTES;
    if (!Arrays.equals(bytes(file, footer, 4), FOOTER_MAGIC)
        || file.get(LE_INT, footer + 4) != CHECKSUM_CRC32) {
      throw BadInputException.in(
          path, "no valid footer at byte " + footer + ": the file is torn or corrupted");
    }
    return new IndexFile(path, file, version, headerBytes, bodyLength);
  }

  Path path() {
    return path;
  }

  int version() {
    return version;
  }

  /** The index id in the header. */
  byte[] id() {
    return bytes(file, bodyOffset - 4 - 8 - ID_BYTES, ID_BYTES);
  }

  MemorySegment body() {
    return file.asSlice(bodyOffset, bodyLength);
  }

  long bodyLength() {
    return bodyLength;
  }

  /** Where the body starts in the file. */
  long bodyOffset() {
    return bodyOffset;
  }

  /** The whole mapped file, header to footer. */
  MemorySegment mapped() {
    return file;
  }

  /**
   * Checks the CRC of the body block holding body byte {@code at} unless that block has already
   * passed; the cost of a query's first read of a block, nothing after.
   *
   * @throws UncheckedIOException holding a {@link BadInputException} that names the file and the
   *     block if the block's bytes disagree with its CRC
   */
  void touch(long at) {
    int block = (int) (at >>> BLOCK_SHIFT);
    if (!checked[block]) checkBlock(block);
  }

  /**
   * Checks every block of the body not checked yet.
   *
   * @throws BadInputException naming the file and every corrupted block
   */
  void checkAll() throws BadInputException {
    checkBlocks(false);
  }

  /** {@link #touch} for every block holding a byte of body bytes {@code [from, to)}. */
  void touch(long from, long to) {
    for (long at = from; at < to; at = (at | BLOCK_BYTES - 1) + 1) touch(at);
  }

  private void checkBlock(int block) {
    if (!blockMatches(block)) {
      throw new UncheckedIOException(mismatch(List.of(block)));
    }
    checked[block] = true;
  }

  private void checkBlocks(boolean again) throws BadInputException {
    List<Integer> bad = new ArrayList<>();
    for (int block = 0; block < checked.length; block++) {
      if (checked[block] && !again) continue;
      if (blockMatches(block)) checked[block] = true;
      else bad.add(block);
    }
    if (!bad.isEmpty()) throw mismatch(bad);
  }

  private boolean blockMatches(int block) {
    return storedCrc(block) == computedCrc(block);
  }

  private int storedCrc(int block) {
    return file.get(LE_INT, bodyOffset + bodyLength + 4L * block);
  }

  private int computedCrc(int block) {
    long from = (long) block << BLOCK_SHIFT;
    CRC32 crc = new CRC32();
    crc.update(file.asSlice(bodyOffset + from, blockLength(block)).asByteBuffer());
    return (int) crc.getValue();
  }

  private long blockLength(int block) {
    return Math.min(BLOCK_BYTES, bodyLength - ((long) block << BLOCK_SHIFT));
  }

  /** The message for corrupted {@code blocks}: the first in detail, the others by number. */
  private BadInputException mismatch(List<Integer> blocks) {
    int first = blocks.getFirst();
    long from = (long) first << BLOCK_SHIFT;
    String more =
        blocks.size() == 1
            ? ""
            : " and in %d more of its %d blocks (%s)"
                .formatted(
                    blocks.size() - 1,
                    checked.length,
                    blocks.stream()
                            .skip(1)
                            .limit(MORE_BLOCKS_NAMED)
                            .map(String::valueOf)
                            .collect(Collectors.joining(", "))
                        + (blocks.size() - 1 > MORE_BLOCKS_NAMED ? ", ..." : ""));
    return BadInputException.in(
        path,
        ("checksum mismatch in block %d (body bytes %d to %d; stored %08x, computed %08x)%s:"
                + " the file is corrupted, rebuild the index")
            .formatted(
                first,
                from,
                from + blockLength(first),
                storedCrc(first),
                computedCrc(first),
                more));
  }

  /**
   * Reads the whole file: every block of the body against its CRC, then every byte before the
   * footer's checksum against it (the header, the body, the block CRCs).
   *
   * @throws BadInputException naming the file and every corrupted block, or the file's checksum
   *     when the blocks agree with their CRCs and something else changed
   */
  void verify() throws BadInputException {
    checkBlocks(true);
    long end = file.byteSize() - 8;
    CRC32 crc = new CRC32();
    for (long at = 0; at < end; at += CRC_CHUNK) {
      crc.update(file.asSlice(at, Math.min(CRC_CHUNK, end - at)).asByteBuffer());
    }
    long stored = file.get(LE_LONG, end);
    if (stored != crc.getValue()) {
      throw BadInputException.in(
          path,
          "checksum mismatch (stored %08x, computed %08x): the file is corrupted"
              .formatted(stored, crc.getValue()));
    }
  }

  private static byte[] bytes(MemorySegment file, long offset, int length) {
    return file.asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
  }
}
