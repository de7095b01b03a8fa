package io.memtrace.index;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * Writes one file in the {@link IndexFile} frame: the header at creation, the body through the
 * {@code put} methods, the block CRCs and the footer at {@link #finish}, which also checks that the
 * body has exactly the length the header announced. Not thread-safe.
 */
final class IndexFileWriter implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 20;

  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer buffer =
      ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32 crc = new CRC32();
  private final CRC32 blockCrc = new CRC32();
  private final long bodyStart;
  private final long bodyEnd;
  private final int[] blockCrcs;
  private long written;

  private IndexFileWriter(Path path, FileChannel channel, long bodyStart, long bodyLength) {
    this.path = path;
    this.channel = channel;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyStart + bodyLength;
    this.blockCrcs = new int[IndexFile.blocks(bodyLength)];
  }

  /** Creates {@code path} (which must not exist) and writes the header. */
  static IndexFileWriter create(Path path, String name, int version, byte[] id, long bodyLength)
      throws IOException {
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    if (ascii.length > 255 || id.length != IndexFile.ID_BYTES) {
      throw new IllegalArgumentException("format name or id of wrong length: " + name);
    }
    FileChannel channel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    var w = new IndexFileWriter(path, channel, IndexFile.headerBytes(name), bodyLength);
    w.putBytes(IndexFile.HEADER_MAGIC);
    w.putByte(ascii.length);
    w.putBytes(ascii);
    w.putInt(version);
    w.putBytes(id);
    w.putLong(bodyLength);
    CRC32 header = new CRC32();
    header.update(w.buffer.duplicate().flip());
    w.putInt((int) header.getValue());
    return w;
  }

  void putByte(int v) throws IOException {
    room(1);
    buffer.put((byte) v);
  }

  void putShort(int v) throws IOException {
    room(2);
    buffer.putShort((short) v);
  }

  void putInt(int v) throws IOException {
    room(4);
    buffer.putInt(v);
  }

  void putLong(long v) throws IOException {
    room(8);
    buffer.putLong(v);
  }

  /** The low {@code width} bytes (1 to 4) of {@code v}, little endian. */
  void putUnsigned(int v, int width) throws IOException {
    room(4);
    switch (width) {
      case 1 -> buffer.put((byte) v);
      case 2 -> buffer.putShort((short) v);
      case 3 -> {
        buffer.putShort((short) v);
        buffer.put((byte) (v >>> 16));
      }
      case 4 -> buffer.putInt(v);
      default -> throw new IllegalArgumentException("width " + width);
    }
  }

  void putBytes(byte[] b) throws IOException {
    for (int off = 0; off < b.length; ) {
      room(1);
      int n = Math.min(buffer.remaining(), b.length - off);
      buffer.put(b, off, n);
      off += n;
    }
  }

  /** Checks the body length, writes the block CRCs and the footer and closes the file. */
  void finish() throws IOException {
    flush();
    if (written != bodyEnd) {
      throw new IllegalStateException(
          path + ": wrote " + written + " bytes of header and body, announced " + bodyEnd);
    }
    for (int blockCrc : blockCrcs) putInt(blockCrc);
    flush();
    buffer.put(IndexFile.FOOTER_MAGIC).putInt(IndexFile.CHECKSUM_CRC32);
    flush();
    buffer.putLong(crc.getValue());
    flush();
    channel.close();
  }

  /** Feeds the body bytes in the buffer to the CRC of their blocks, finishing each full block. */
  private void updateBlocks() {
    long from = Math.max(written, bodyStart);
    long to = Math.min(written + buffer.remaining(), bodyEnd);
    while (from < to) {
      long inBody = from - bodyStart;
      long blockEnd = Math.min((inBody | (IndexFile.BLOCK_BYTES - 1)) + 1, bodyEnd - bodyStart);
      long end = Math.min(to, bodyStart + blockEnd);
      int at = (int) (from - written);
      blockCrc.update(buffer.slice(at, (int) (end - from)));
      if (end - bodyStart == blockEnd) {
        blockCrcs[(int) (inBody >>> IndexFile.BLOCK_SHIFT)] = (int) blockCrc.getValue();
        blockCrc.reset();
      }
      from = end;
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void room(int bytes) throws IOException {
    if (buffer.remaining() < bytes) flush();
  }

  private void flush() throws IOException {
    buffer.flip();
    crc.update(buffer.duplicate());
    updateBlocks();
    written += buffer.remaining();
    while (buffer.hasRemaining()) channel.write(buffer);
    buffer.clear();
  }
}
