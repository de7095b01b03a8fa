package io.memtrace.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.memtrace.BadInputException;
import io.memtrace.Progress;
import io.memtrace.RandomText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link DocumentSource} contract for sources a test writes: {@link BaseDocumentSourceTestCase}
 * checked on seeded random texts (the seeds take turns at the compressions, so each is checked on
 * two contents), and on top of it: empty documents are skipped, so an input without text gives no
 * documents; a malformed record fails with a {@link BadInputException} that names where it is (file
 * and line, where the format has lines) and no Java class, after the documents before it; and a
 * truncated compressed file fails naming the file.
 *
 * <p>A subclass says which texts its format holds exactly ({@link #shape}) and writes them ({@link
 * #write}), reporting where each one went.
 */
abstract class BaseWritableDocumentSourceTestCase extends BaseDocumentSourceTestCase {
  @TempDir protected Path dir;

  /** The texts a format holds exactly as written. */
  protected enum Shape {
    /** Any number of texts without line breaks. */
    LINES,
    /** Any number of blocks of non-blank lines joined by {@code \n}. */
    PARAGRAPHS,
    /** Any number of texts of any characters. */
    ANY,
    /** At most one text of any characters: the whole input is the document. */
    WHOLE
  }

  protected enum Compression {
    PLAIN(""),
    GZIP(".gz"),
    ZSTD(".zst");

    /** The file name suffix that says the compression. */
    final String suffix;

    Compression(String suffix) {
      this.suffix = suffix;
    }
  }

  /**
   * What a subclass wrote.
   *
   * @param where for each text, the {@link Document#source} it must come back with (anything for an
   *     empty text)
   * @param files the files written, whose sizes add up to the stored size
   * @param error when a malformed record was asked for, the start of the message reading must fail
   *     with ({@code "file:line: what"}), else null
   */
  protected record Written(
      DocumentSource source, List<String> where, List<Path> files, String error) {}

  /** Byte sequences that are not UTF-8: a broken pair, a byte never used, a surrogate, overlong. */
  private static final byte[][] NOT_UTF8 = {
    {(byte) 0xc3, '('}, {(byte) 0xff}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xc0, '/'}
  };

  protected abstract Shape shape();

  /**
   * Writes {@code texts}, some of them empty, under {@link #dir} in the subclass's format and
   * {@code compression}; when {@code malformed >= 0} a malformed record stands in place of that
   * text. {@code random} may vary the layout: blank lines, line ends, fields around the text.
   */
  protected abstract Written write(
      List<String> texts, int malformed, Compression compression, Random random) throws IOException;

  /** {@code bytes} stored in {@code file} with {@code compression}. */
  protected static Path store(Path file, byte[] bytes, Compression compression) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (OutputStream out =
        switch (compression) {
          case PLAIN -> buffer;
          case GZIP -> new GZIPOutputStream(buffer);
          case ZSTD -> new ZstdOutputStream(buffer);
        }) {
      out.write(bytes);
    }
    Files.write(file, buffer.toByteArray());
    return file;
  }

  /** The UTF-8 of {@code text} with a sequence that is not UTF-8 at a random place. */
  protected static byte[] notUtf8(String text, Random random) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    int at = random.nextInt(utf8.length + 1);
    while (at > 0 && at < utf8.length && (utf8[at] & 0xc0) == 0x80) at--; // not inside a character
    byte[] bad = NOT_UTF8[random.nextInt(NOT_UTF8.length)];
    byte[] out = new byte[utf8.length + bad.length];
    System.arraycopy(utf8, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(utf8, at, out, at + bad.length, utf8.length - at);
    return out;
  }

  static Compression compression(long seed) {
    return Compression.values()[(int) (seed % Compression.values().length)];
  }

  @Override
  protected final Expected source(long seed) throws IOException {
    Random random = new Random(seed);
    List<String> texts = randomTexts(random, 0);
    Written written = write(texts, -1, compression(seed), random);
    return new Expected(
        written.source(), documents(texts, written, texts.size()), storedBytes(written));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anInputWithoutTextGivesNoDocuments(long seed) throws IOException {
    Random random = new Random(seed);
    int count = shape() == Shape.WHOLE ? random.nextInt(2) : random.nextInt(5);
    Written written = write(Collections.nCopies(count, ""), -1, compression(seed), random);
    assertThat(readAll(written.source())).isEmpty();
    assertThat(written.source().sizeBytes()).isEqualTo(storedBytes(written));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aMalformedRecordFailsNamingWhereItIs(long seed) throws IOException {
    Random random = new Random(seed);
    List<String> texts = randomTexts(random, 1);
    int malformed = random.nextInt(texts.size());
    Written written = write(texts, malformed, compression(seed), random);
    List<Document> seen = new ArrayList<>();
    assertThatThrownBy(() -> written.source().read(seen::add, Progress.NONE))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(written.error())
        .message()
        .doesNotContainPattern("\\w+(Exception|Error)\\b");
    assertThat(seen).as("the documents before").isEqualTo(documents(texts, written, malformed));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aTruncatedCompressedFileFailsNamingIt(long seed) throws IOException {
    Random random = new Random(seed);
    List<String> texts = new ArrayList<>(randomTexts(random, 1));
    texts.set(0, RandomText.nonBlankLine(random, 40).repeat(50)); // more than a header
    Compression compression = seed % 2 == 0 ? Compression.GZIP : Compression.ZSTD;
    Written written = write(texts, -1, compression, random);
    Path cut = written.files().get(random.nextInt(written.files().size()));
    byte[] bytes = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> readAll(written.source()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(cut + ": ");
  }

  private List<String> randomTexts(Random random, int atLeast) {
    int count = atLeast + random.nextInt(shape() == Shape.WHOLE ? 2 - atLeast : 30);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int length = random.nextInt(12) == 0 ? 100_000 : 40;
      texts.add(random.nextInt(10) == 0 ? "" : randomText(random, length));
    }
    return texts;
  }

  private String randomText(Random random, int maxCodePoints) {
    return switch (shape()) {
      case LINES -> RandomText.line(random, maxCodePoints);
      case PARAGRAPHS -> {
        List<String> lines = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          lines.add(RandomText.nonBlankLine(random, maxCodePoints / count));
        }
        yield String.join("\n", lines);
      }
      case ANY, WHOLE -> RandomText.text(random, maxCodePoints);
    };
  }

  /** The documents of {@code texts} before {@code end}: the ones not empty, where they went. */
  private static List<Document> documents(List<String> texts, Written written, int end) {
    assertThat(written.where()).as("where each text went").hasSameSizeAs(texts);
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < end; i++) {
      if (!texts.get(i).isEmpty())
        documents.add(new Document(written.where().get(i), texts.get(i)));
    }
    return documents;
  }

  private static long storedBytes(Written written) throws IOException {
    long total = 0;
    for (Path file : written.files()) total += Files.size(file);
    return total;
  }
}
