package io.memtrace.index;

import io.memtrace.tokens.TokenStore;
import java.util.List;

/**
 * Where each row (sequence) of a store starts in the text of the index built from it: the shard and
 * the position in that shard's text. A row lies inside one document, and documents follow each
 * other through the shards, so one walk over rows and documents together places every row.
 *
 * @param shard the shard holding row r, -1 for an empty row
 * @param position where row r's first token is in that shard's text
 * @param length tokens of row r
 */
record RowPositions(int[] shard, int[] position, int[] length) {

  static RowPositions of(IndexReader index, TokenStore store) {
    int rows = Math.toIntExact(store.sequenceCount());
    int[] shardOf = new int[rows];
    int[] position = new int[rows];
    int[] length = new int[rows];
    List<Shard> shards = index.shards();
    long d = 0;
    int s = 0;
    long documents = store.documentCount();
    for (int r = 0; r < rows; r++) {
      length[r] = store.sequenceLength(r);
      if (length[r] == 0) {
        shardOf[r] = -1;
        continue;
      }
      long start = store.sequenceStart(r);
      while (d < documents - 1 && store.documentEnd(d) <= start) d++;
      while (d >= shards.get(s).firstDocument() + shards.get(s).documentCount()) s++;
      Shard shard = shards.get(s);
      shardOf[r] = s;
      position[r] =
          shard.documentStart((int) (d - shard.firstDocument()))
              + (int) (start - store.documentStart(d));
    }
    return new RowPositions(shardOf, position, length);
  }
}
