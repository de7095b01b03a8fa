package io.memtrace.studies.prepare;

import io.memtrace.corpus.CorpusIngest;
import io.memtrace.corpus.EuroparlCorpus;
import io.memtrace.model.suite.Suite;
import io.memtrace.model.suite.SuitePreset;
import io.memtrace.studies.Reporter;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A model suite trained (or reused) with its progress over all models' steps. */
public final class SuiteTraining {
  private SuiteTraining() {}

  /** The default corpus of a suite: a tokenizer trained on Europarl and its token store. */
  public record Corpus(Path tokenizer, Path store) {}

  /**
   * The Europarl tokenizer ({@code work/tokenizer/tokenizer.json}) and store ({@code
   * work/europarl}), made unless they are there.
   */
  public static Corpus europarl(Path work, int vocab, Reporter reporter) throws IOException {
    Corpus corpus = new Corpus(work.resolve("tokenizer/tokenizer.json"), work.resolve("europarl"));
    if (Files.exists(work.resolve("europarl.idx"))) return corpus;
    var europarl = new EuroparlCorpus();
    reporter.note("tokenizer and token store of the embedded Europarl corpus -> " + work);
    Path tok =
        TokenizerTraining.train(
            europarl,
            vocab,
            TokenizerTraining.DEFAULT_MAX_CHARS,
            work.resolve("tokenizer"),
            reporter);
    try (Tokenizer t = Tokenizer.load(tok);
        var bar = reporter.progress("ingest", europarl.sizeBytes(), "MB", 1 << 20)) {
      CorpusIngest.run(europarl, t, corpus.store(), true, bar);
    }
    return corpus;
  }

  public static Suite.Manifest train(
      SuitePreset preset, Path tokenizer, Path corpus, Path out, int threads, Reporter reporter)
      throws IOException {
    long total = (long) preset.steps() * preset.sizes().size();
    try (var bar = reporter.progress("train", total, "steps", 1)) {
      return Suite.train(
          preset, tokenizer, corpus, out, threads, (model, step, loss) -> bar.advance(1));
    }
  }
}
