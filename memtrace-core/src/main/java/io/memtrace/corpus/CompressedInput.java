package io.memtrace.corpus;

import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStream;
import io.memtrace.BadInputException;
import io.memtrace.Progress;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens a corpus file for reading, decompressing gzip and zstd by their magic bytes (not by name),
 * and reports the stored bytes consumed so progress follows the file on disk. Compressed data that
 * is cut short or corrupt is a {@link BadInputException} naming the file.
 */
public final class CompressedInput {
  private static final int BUFFER = 1 << 16;

  private CompressedInput() {}

  public static InputStream open(Path file, Progress progress) throws IOException {
    InputStream raw;
    try {
      raw = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw BadInputException.in(file, "no such file");
    }
    return open(raw, file.toString(), progress);
  }

  /**
   * Wraps the stored bytes {@code raw} in the decoder its first bytes call for; {@code name} is for
   * messages.
   */
  public static InputStream open(InputStream raw, String name, Progress progress)
      throws IOException {
    InputStream buffered = new BufferedInputStream(new Counting(raw, progress), BUFFER);
    buffered.mark(4);
    byte[] magic = buffered.readNBytes(4);
    buffered.reset();
    try {
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return new Decoded(new GZIPInputStream(buffered, BUFFER), name, "gzip");
      }
      if (magic.length == 4
          && (magic[0] & 0xff) == 0x28
          && (magic[1] & 0xff) == 0xb5
          && (magic[2] & 0xff) == 0x2f
          && (magic[3] & 0xff) == 0xfd) {
        return new Decoded(new ZstdInputStream(buffered), name, "zstd");
      }
    } catch (IOException e) {
      buffered.close();
      throw new BadInputException(name + ": corrupt compressed header (" + e.getMessage() + ")", e);
    }
    return buffered;
  }

  /**
   * Turns what the decoder finds wrong with the data (a stream cut short, a bad block or checksum)
   * into bad input that names the file.
   */
  private static final class Decoded extends FilterInputStream {
    private final String name;
    private final String format;

    Decoded(InputStream decoder, String name, String format) {
      super(decoder);
      this.name = name;
      this.format = format;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (ZipException | EOFException | ZstdIOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (ZipException | EOFException | ZstdIOException e) {
        throw corrupt(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (ZipException | EOFException | ZstdIOException e) {
        throw corrupt(e);
      }
    }

    private BadInputException corrupt(IOException e) {
      return new BadInputException(
          name + ": corrupt or truncated " + format + " data (" + e.getMessage() + ")", e);
    }
  }

  /** Counts bytes read from the file itself, before decompression. */
  private static final class Counting extends FilterInputStream {
    private final Progress progress;

    Counting(InputStream in, Progress progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) progress.advance(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) progress.advance(n);
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      progress.advance(skipped);
      return skipped;
    }
  }
}
