package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Stores written by {@link TokenStoreWriter} read back exactly, against in-memory truth. */
class TokenStoreRoundTripTest {
  @TempDir Path dir;

  /** Random documents, about a fifth of them empty, ids anywhere in {@code [0, vocab)}. */
  static List<int[]> randomDocuments(Random random, int vocab) {
    List<int[]> docs = new ArrayList<>();
    int count = random.nextInt(60);
    for (int d = 0; d < count; d++) {
      int len = random.nextInt(5) == 0 ? 0 : random.nextInt(random.nextBoolean() ? 10 : 3000);
      int[] doc = new int[len];
      for (int k = 0; k < len; k++) {
        doc[k] = random.nextInt(8) == 0 ? vocab - 1 : random.nextInt(vocab);
      }
      docs.add(doc);
    }
    return docs;
  }

  static void write(Path prefix, int vocab, List<int[]> docs) throws Exception {
    try (TokenStoreWriter w = TokenStoreWriter.create(prefix, vocab)) {
      for (int[] doc : docs) {
        w.add(doc);
      }
      w.commit();
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void writeThenReadGivesTheSameDocuments(long seed) throws Exception {
    Random random = new Random(seed);
    int[] vocabs = {1, 50, 50_277, 65_536, 65_537, 1 << 20, Integer.MAX_VALUE};
    int vocab = vocabs[random.nextInt(vocabs.length)];
    List<int[]> docs = randomDocuments(random, vocab);
    int[] all = docs.stream().flatMapToInt(Arrays::stream).toArray();
    Path prefix = dir.resolve("store");
    write(prefix, vocab, docs);

    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.dtype()).isEqualTo(vocab <= 65_536 ? TokenDtype.U16 : TokenDtype.I32);
      assertThat(store.tokenCount()).isEqualTo(all.length);
      assertThat(store.sequenceCount()).isEqualTo(docs.size());
      assertThat(store.documentCount()).isEqualTo(docs.size());
      long start = 0;
      for (int d = 0; d < docs.size(); d++) {
        assertThat(store.document(d)).isEqualTo(docs.get(d));
        assertThat(store.sequence(d)).isEqualTo(docs.get(d));
        assertThat(store.documentStart(d)).isEqualTo(start).isEqualTo(store.sequenceStart(d));
        start += docs.get(d).length;
        assertThat(store.documentEnd(d)).isEqualTo(start);
        assertThat(store.sequenceLength(d)).isEqualTo(docs.get(d).length);
      }
      for (int probe = 0; probe < 100 && all.length > 0; probe++) {
        int from = random.nextInt(all.length + 1);
        int to = from + random.nextInt(all.length - from + 1);
        assertThat(store.tokens(from, to)).isEqualTo(Arrays.copyOfRange(all, from, to));
        if (from < all.length) {
          assertThat(store.token(from)).isEqualTo(all[from]);
        }
        int[] dst = new int[to - from + 3];
        store.read(from, dst, 3, to - from);
        assertThat(Arrays.copyOfRange(dst, 3, dst.length))
            .isEqualTo(Arrays.copyOfRange(all, from, to));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 70_000})
  void anEmptyStoreAndEmptyDocumentsRoundTrip(int vocab) throws Exception {
    Path prefix = dir.resolve("empty");
    write(prefix, vocab, List.of());
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.tokenCount()).isZero();
      assertThat(store.documentCount()).isZero();
      assertThat(store.tokens(0, 0)).isEmpty();
    }
    write(prefix, vocab, List.of(new int[0], new int[] {3}, new int[0]));
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThat(store.documentCount()).isEqualTo(3);
      assertThat(store.document(0)).isEmpty();
      assertThat(store.document(1)).containsExactly(3);
      assertThat(store.document(2)).isEmpty();
      assertThat(store.documentStart(2)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {10, 70_000})
  void outOfRangeArgumentsNameTheValues(int vocab) throws Exception {
    Path prefix = dir.resolve("small");
    write(prefix, vocab, List.of(new int[] {1, 2}, new int[] {3}));
    try (TokenStore store = TokenStore.open(prefix)) {
      assertThatThrownBy(() -> store.sequence(2))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("sequence 2 not in [0, 2)");
      assertThatThrownBy(() -> store.documentStart(-1))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("document -1 not in [0, 2)");
      assertThatThrownBy(() -> store.token(3))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("token position 3 not in [0, 3)");
      assertThatThrownBy(() -> store.tokens(2, 4))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("token range [2, 4) not within [0, 3)");
      assertThatThrownBy(() -> store.tokens(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> store.read(1, new int[5], 0, 3))
          .isInstanceOf(IndexOutOfBoundsException.class)
          .hasMessage("token range [1, 1 + 3) not within [0, 3)");
      assertThatThrownBy(() -> store.read(0, new int[2], 1, 2))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }
  }
}
