package io.memtrace.studies.memorization;

import io.memtrace.memorization.LogprobMoments;
import io.memtrace.memorization.MembershipScores;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.results.MembershipTable;
import io.memtrace.studies.results.ResultsDatabase;
import io.memtrace.tokens.TokenStore;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Membership inference's non-members: the first {@code count} rows of a store of rows never trained
 * on (a suite's {@code heldout}), scored by a teacher-forced pass alone into {@link
 * MembershipTable}.
 */
record HeldOutMembership(TokenStore store, Path prefix, long count) {
  /**
   * Membership scores of the held-out rows for context C and every L: one teacher-forced pass over
   * C + max L tokens per batch (no decoding), rows already stored skipped.
   */
  void score(
      int batchRows,
      ResultsDatabase results,
      String name,
      LanguageModel lm,
      Tokenizer tokenizer,
      int c,
      int[] ls,
      Reporter.Meter bar)
      throws IOException, SQLException {
    List<Set<Long>> done = new ArrayList<>();
    for (int l : ls) {
      done.add(
          MembershipTable.scoredRows(results.connection(), name, MembershipTable.HELD_OUT, c, l));
    }
    List<Long> todo = new ArrayList<>();
    for (long r = 0; r < count; r++) {
      int have = 0;
      for (Set<Long> d : done) if (d.contains(r)) have++;
      bar.advance(have);
      if (have < ls.length) todo.add(r);
    }
    int longest = Arrays.stream(ls).max().orElseThrow();
    for (int i = 0; i < todo.size(); i += batchRows) {
      int m = Math.min(batchRows, todo.size() - i);
      int[][] tokens = new int[m][];
      for (int k = 0; k < m; k++) {
        int[] row =
            RowTokens.checked(store, prefix, todo.get(i + k), c, longest, name, lm.vocabSize());
        tokens[k] = Arrays.copyOf(row, c + longest);
      }
      LogprobMoments moments = LogprobMoments.of(lm, tokens);
      List<MembershipTable.Entry> entries = new ArrayList<>();
      for (int k = 0; k < m; k++) {
        long row = todo.get(i + k);
        for (int j = 0; j < ls.length; j++) {
          if (done.get(j).contains(row)) continue;
          String text = RowTokens.text(tokenizer, Arrays.copyOf(tokens[k], c + ls[j]));
          entries.add(
              new MembershipTable.Entry(
                  row,
                  c,
                  ls[j],
                  MembershipScores.of(moments, k, c + ls[j], text, MembershipScores.DEFAULT_K)));
        }
      }
      results.transaction(
          conn -> MembershipTable.insert(conn, name, MembershipTable.HELD_OUT, entries));
      bar.advance(entries.size());
    }
  }
}
