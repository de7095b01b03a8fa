package io.memtrace.studies.demo;

import io.memtrace.index.Cooccurrence;
import io.memtrace.index.IndexReader;
import io.memtrace.index.InfiniGram;
import io.memtrace.index.NextTokens;
import io.memtrace.tokens.Tokenizer;
import java.io.IOException;
import java.util.List;

/**
 * The demo's questions to the Europarl index: how often " Parliament" occurs and in how many
 * documents, what follows " the European", how many documents hold " Parliament" and " Commission"
 * (and within 20 tokens), and the infini-gram probabilities of a sentence.
 */
public record DemoQueries(
    int[] parliament,
    long parliamentCount,
    long parliamentDocuments,
    int[] context,
    NextTokens.Distribution next,
    int[] commission,
    long bothDocuments,
    long nearDocuments,
    String phrase,
    List<InfiniGram.Probability> phraseProbabilities) {
  static final String PHRASE =
      "Mr President, ladies and gentlemen, I would like to thank the rapporteur.";

  static DemoQueries ask(IndexReader index, Tokenizer tok) throws IOException {
    int[] parliament = tok.encode(" Parliament");
    int[] context = tok.encode(" the European");
    int[] commission = tok.encode(" Commission");
    return new DemoQueries(
        parliament,
        index.count(parliament),
        Cooccurrence.documentFrequency(index, parliament),
        context,
        NextTokens.of(index, context),
        commission,
        Cooccurrence.documents(index, parliament, commission).documents(),
        Cooccurrence.within(index, parliament, commission, 20).documents(),
        PHRASE,
        InfiniGram.sequence(index, tok.encode(PHRASE)));
  }
}
