package io.memtrace.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reads stores written by tools/megatron_fixture.py, an independent Megatron-style writer. */
class TokenStoreFixtureTest {
  @ParameterizedTest
  @CsvSource({"u16, U16", "i32, I32"})
  void readsFixturesExactly(String name, TokenDtype dtype) throws Exception {
    Path dir = Path.of(getClass().getResource("expected.json").toURI()).getParent();
    JsonNode expected =
        new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get(name);
    List<int[]> sequences = new ArrayList<>();
    for (JsonNode s : expected.get("sequences")) {
      int[] tokens = new int[s.size()];
      for (int k = 0; k < tokens.length; k++) {
        tokens[k] = s.get(k).intValue();
      }
      sequences.add(tokens);
    }
    long[] docIdx = new long[expected.get("doc_idx").size()];
    for (int d = 0; d < docIdx.length; d++) {
      docIdx[d] = expected.get("doc_idx").get(d).longValue();
    }

    try (TokenStore store = TokenStore.open(dir.resolve(name + ".idx"))) {
      assertThat(store.dtype()).isEqualTo(dtype);
      assertThat(store.sequenceCount()).isEqualTo(sequences.size());
      long[] starts = new long[sequences.size() + 1];
      for (int i = 0; i < sequences.size(); i++) {
        assertThat(store.sequence(i)).as("sequence %d", i).isEqualTo(sequences.get(i));
        assertThat(store.sequenceStart(i)).isEqualTo(starts[i]);
        starts[i + 1] = starts[i] + sequences.get(i).length;
      }
      assertThat(store.tokenCount()).isEqualTo(starts[sequences.size()]);
      assertThat(store.documentCount()).isEqualTo(docIdx.length - 1);
      for (int d = 0; d + 1 < docIdx.length; d++) {
        List<Integer> doc = new ArrayList<>();
        for (long i = docIdx[d]; i < docIdx[d + 1]; i++) {
          for (int t : sequences.get((int) i)) {
            doc.add(t);
          }
        }
        assertThat(store.documentStart(d)).isEqualTo(starts[(int) docIdx[d]]);
        assertThat(store.documentEnd(d)).isEqualTo(starts[(int) docIdx[d + 1]]);
        assertThat(store.document(d))
            .as("document %d", d)
            .isEqualTo(doc.stream().mapToInt(Integer::intValue).toArray());
      }
    }
  }
}
