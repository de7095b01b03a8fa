package io.memtrace.index;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.JsonLine;
import io.memtrace.Progress;
import io.memtrace.Utf8Lines;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Many queries from a JSON Lines file in one run over one open index. Each line is one object:
 *
 * <pre>{@code
 * {"op": "count",    "ngram": [ID...] | "text": S}
 * {"op": "docfreq",  "ngram": [ID...] | "text": S}
 * {"op": "locate",   "ngram": [ID...] | "text": S, "from": N = 0, "limit": N = 10}
 * {"op": "ntd",      "context": [ID...] | "text": S, "top": K = all}
 * {"op": "infgram",  "context": [ID...], "token": ID}            one probability
 * {"op": "infgram",  "tokens": [ID...] | "text": S}              every token given those before
 * {"op": "cooccur",  "a": [ID...] | "a_text": S, "b": [ID...] | "b_text": S, "window": W = 0}
 * {"op": "spans",    "tokens": [ID...] | "text": S, "min_length": N = 1, "from": N = 0,
 *                    "limit": N = 10}
 * }</pre>
 *
 * <p>Texts are encoded with the index's tokenizer. Every line is parsed and checked before any is
 * answered, so a bad line fails the run with its line number and no output; then the queries are
 * answered in parallel, in chunks, and written in input order, one object per line: {@code {"line":
 * N, "op": OP, "result": RESULT}} with RESULT the query's result record as JSON.
 */
public final class BatchQueries {
  private static final int CHUNK = 4096;
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private BatchQueries() {}

  /** One parsed query. */
  public sealed interface Query
      permits CountQuery,
          DocFreqQuery,
          LocateQuery,
          NtdQuery,
          ProbabilityQuery,
          SequenceQuery,
          CooccurQuery,
          SpansQuery {
    Object answer(IndexReader index) throws BadInputException;
  }

  public record CountQuery(int[] ngram) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return new Counted(ngram, index.count(ngram));
    }
  }

  /** The result of a count query. */
  public record Counted(int[] ngram, long count) {}

  public record DocFreqQuery(int[] ngram) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return new Counted(ngram, Cooccurrence.documentFrequency(index, ngram));
    }
  }

  public record LocateQuery(int[] ngram, long from, int limit) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return Occurrences.page(index, ngram, from, limit);
    }
  }

  public record NtdQuery(int[] context, int top) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      NextTokens.Distribution d = NextTokens.of(index, context);
      return top < 0
          ? d
          : new NextTokens.Distribution(
              d.context(), d.count(), d.continuations(), d.top(top), d.approx(), d.bound());
    }
  }

  public record ProbabilityQuery(int[] context, int token) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return InfiniGram.of(index, context, token);
    }
  }

  public record SequenceQuery(int[] tokens) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return InfiniGram.sequence(index, tokens);
    }
  }

  public record CooccurQuery(int[] a, int[] b, int window) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return window == 0
          ? Cooccurrence.documents(index, a, b)
          : Cooccurrence.within(index, a, b, window);
    }
  }

  public record SpansQuery(int[] tokens, int minLength, long from, int limit) implements Query {
    @Override
    public Object answer(IndexReader index) throws BadInputException {
      return Spans.of(index, tokens, minLength, from, limit);
    }
  }

  /**
   * Answers every query of {@code queries}, writing results to {@code out}; advances {@code
   * progress} by one per query. Returns the number of queries.
   *
   * @param tokenizer for text fields; null if the file has none
   */
  public static long run(
      IndexReader index, Tokenizer tokenizer, Path queries, Writer out, Progress progress)
      throws IOException {
    List<Query> parsed = new ArrayList<>();
    List<String> ops = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    try (Utf8Lines lines = new Utf8Lines(Files.newInputStream(queries), queries.toString())) {
      for (String line = lines.next(); line != null; line = lines.next()) {
        if (line.isBlank()) continue;
        JsonNode node = JsonLine.read(line, lines.where());
        try {
          parsed.add(parse(node, tokenizer, index));
          ops.add(node.path("op").asText());
          lineNumbers.add(Math.toIntExact(lines.lineNumber()));
        } catch (IOException e) {
          throw new BadInputException(lines.where() + ": " + e.getMessage());
        }
      }
    }
    for (int from = 0; from < parsed.size(); from += CHUNK) {
      int base = from;
      Object[] results = new Object[Math.min(CHUNK, parsed.size() - from)];
      try {
        IntStream.range(0, results.length)
            .parallel()
            .forEach(i -> results[i] = answer(parsed.get(base + i), index));
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      for (int i = 0; i < results.length; i++) {
        ObjectNode line = JSON.createObjectNode();
        line.put("line", lineNumbers.get(base + i));
        line.put("op", ops.get(base + i));
        line.set("result", JSON.valueToTree(results[i]));
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
      }
      progress.advance(results.length);
    }
    out.flush();
    return parsed.size();
  }

  private static Object answer(Query q, IndexReader index) {
    try {
      return q.answer(index);
    } catch (BadInputException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and checks one query object. */
  static Query parse(JsonNode node, Tokenizer tokenizer, IndexReader index)
      throws BadInputException {
    String op = node.path("op").asText();
    Query q =
        switch (op) {
          case "count" -> new CountQuery(tokens(node, "ngram", "text", tokenizer));
          case "docfreq" -> new DocFreqQuery(tokens(node, "ngram", "text", tokenizer));
          case "locate" ->
              new LocateQuery(
                  tokens(node, "ngram", "text", tokenizer),
                  node.path("from").asLong(0),
                  node.path("limit").asInt(10));
          case "ntd" ->
              new NtdQuery(tokens(node, "context", "text", tokenizer), node.path("top").asInt(-1));
          case "infgram" ->
              node.has("token")
                  ? new ProbabilityQuery(
                      tokens(node, "context", null, tokenizer), node.path("token").asInt())
                  : new SequenceQuery(tokens(node, "tokens", "text", tokenizer));
          case "cooccur" ->
              new CooccurQuery(
                  tokens(node, "a", "a_text", tokenizer),
                  tokens(node, "b", "b_text", tokenizer),
                  node.path("window").asInt(0));
          case "spans" ->
              new SpansQuery(
                  tokens(node, "tokens", "text", tokenizer),
                  node.path("min_length").asInt(1),
                  node.path("from").asLong(0),
                  node.path("limit").asInt(10));
          default ->
              throw new BadInputException(
                  "unknown op \""
                      + op
                      + "\"; expected count, docfreq, locate, ntd, infgram, cooccur or"
                      + " spans");
        };
    switch (q) {
      case CountQuery c -> index.check(c.ngram(), "n-gram");
      case DocFreqQuery c -> index.check(c.ngram(), "n-gram");
      case LocateQuery c -> index.check(c.ngram(), "n-gram");
      case NtdQuery c -> index.checkTokens(c.context(), "context");
      case ProbabilityQuery c -> {
        index.checkTokens(c.context(), "context");
        index.checkTokens(new int[] {c.token()}, "token");
      }
      case SequenceQuery c -> index.check(c.tokens(), "token sequence");
      case SpansQuery c -> Spans.check(index, c.tokens(), c.minLength(), c.from(), c.limit());
      case CooccurQuery c -> {
        index.check(c.a(), "n-gram a");
        index.check(c.b(), "n-gram b");
        if (c.window() != 0 && c.window() < Math.max(c.a().length, c.b().length)) {
          throw new BadInputException("window " + c.window() + " is shorter than the n-grams");
        }
      }
    }
    return q;
  }

  /** The token array in field {@code ids}, or the encoding of the text in field {@code text}. */
  private static int[] tokens(JsonNode node, String ids, String text, Tokenizer tokenizer)
      throws BadInputException {
    JsonNode array = node.get(ids);
    if (array != null) {
      if (!array.isArray()) throw new BadInputException("\"" + ids + "\" must be an array of ids");
      int[] out = new int[array.size()];
      for (int i = 0; i < out.length; i++) {
        if (!array.get(i).canConvertToInt()) {
          throw new BadInputException("\"" + ids + "\"[" + i + "] is not a token id");
        }
        out[i] = array.get(i).intValue();
      }
      return out;
    }
    if (text != null && node.hasNonNull(text)) {
      if (tokenizer == null) {
        throw new BadInputException("\"" + text + "\" needs a tokenizer, and none was given");
      }
      return tokenizer.encode(node.get(text).asText());
    }
    throw new BadInputException(
        "needs \"" + ids + "\"" + (text == null ? "" : " or \"" + text + "\""));
  }
}
