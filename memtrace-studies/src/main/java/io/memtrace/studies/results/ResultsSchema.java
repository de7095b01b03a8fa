package io.memtrace.studies.results;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables the runners fill, all created with the database in one transaction. Version {@link
 * ResultsDatabase#SCHEMA_VERSION}; the columns of each table are described where it is written:
 * {@link ModelRegistry} ({@code models}, shared by every study), {@link MemorizationTable} (study
 * A: {@code memorization_sources}, {@code memorization}), {@link MembershipTable} ({@code
 * membership}), {@link SpanTable} ({@code memorization_spans}), {@link TracingTables} (study B:
 * {@code tracing_*}), {@link PredictionTable} (study A (f): {@code prediction_results}). The
 * analyses add their {@code analysis_*} tables and {@link TaxonomyTable} ({@code
 * memorization_taxonomy}), replaced on every run.
 */
final class ResultsSchema {
  private ResultsSchema() {}

  static final List<String> TABLES =
      List.of(
          "CREATE TABLE models (model VARCHAR PRIMARY KEY, path VARCHAR, family VARCHAR,"
              + " parameters BIGINT, non_embedding_parameters BIGINT, step BIGINT,"
              + " tokenizer_sha256 VARCHAR, weights_fingerprint VARCHAR)",
          "CREATE TABLE memorization_sources (model VARCHAR PRIMARY KEY, rows_store VARCHAR,"
              + " row_length INTEGER, eos_suppressed BOOLEAN)",
          "CREATE TABLE memorization (model VARCHAR, row BIGINT, context INTEGER, continuation"
              + " INTEGER, score DOUBLE, matches INTEGER, exact BOOLEAN, first_mismatch INTEGER,"
              + " generated INTEGER[], entropy FLOAT[], teacher_forced_accuracy DOUBLE,"
              + " edit_distance DOUBLE, bleu DOUBLE, approx_memorized BOOLEAN, duplicates INTEGER,"
              + " extraction_logprob DOUBLE, extraction_top_k INTEGER, extraction_top_k_logprob"
              + " DOUBLE, PRIMARY KEY (model, row, context, continuation))",
          "CREATE TABLE membership (model VARCHAR, split VARCHAR, row BIGINT, context INTEGER,"
              + " continuation INTEGER, loss DOUBLE, zlib_ratio DOUBLE, min_k DOUBLE,"
              + " min_k_plus_plus DOUBLE, PRIMARY KEY (model, split, row, context, continuation))",
          "CREATE TABLE memorization_spans (model VARCHAR, row BIGINT, context INTEGER,"
              + " continuation INTEGER, corpus_index VARCHAR, longest INTEGER, span_start"
              + " INTEGER, occurrences BIGINT, document BIGINT, PRIMARY KEY (model, row, context,"
              + " continuation, corpus_index))",
          "CREATE TABLE tracing_tasks (task VARCHAR PRIMARY KEY, kind VARCHAR, source VARCHAR,"
              + " target VARCHAR, examples INTEGER, min_n INTEGER, max_n INTEGER, settings"
              + " VARCHAR, tokenizer_sha256 VARCHAR)",
          "CREATE TABLE tracing_filter (task VARCHAR, n INTEGER, rule VARCHAR, candidates"
              + " INTEGER, null_pairs INTEGER, calibrated_threshold DOUBLE, kept_calibrated"
              + " INTEGER, absolute_threshold DOUBLE, kept_absolute INTEGER, pairs INTEGER)",
          "CREATE TABLE tracing_filter_truth (task VARCHAR, rule VARCHAR, positives INTEGER,"
              + " negatives INTEGER, kept_positives INTEGER, kept_negatives INTEGER, precision"
              + " DOUBLE, recall DOUBLE)",
          "CREATE TABLE tracing_pairs (task VARCHAR, pair INTEGER, output INTEGER, example"
              + " INTEGER, n INTEGER, input VARCHAR, input_start INTEGER, input_end INTEGER,"
              + " cosine DOUBLE, documents_input BIGINT, documents_output BIGINT, documents_both"
              + " BIGINT, occurrences_input BIGINT, occurrences_input_with_output BIGINT,"
              + " taskgram_logprob DOUBLE, PRIMARY KEY (task, pair))",
          "CREATE TABLE tracing_outputs (task VARCHAR, output INTEGER, example INTEGER, n"
              + " INTEGER, text VARCHAR, output_start INTEGER, output_end INTEGER, pairs INTEGER,"
              + " taskgram_logprob DOUBLE, infgram_logprob DOUBLE, infgram_tokens INTEGER,"
              + " infgram_zero_tokens INTEGER, infgram_nonzero_logprob DOUBLE, PRIMARY KEY (task,"
              + " output))",
          "CREATE TABLE tracing_lm (task VARCHAR, model VARCHAR, output INTEGER, lm_logprob"
              + " DOUBLE, PRIMARY KEY (task, model, output))",
          "CREATE TABLE tracing_examples (task VARCHAR, model VARCHAR, example INTEGER, id"
              + " VARCHAR, subject VARCHAR, subject_group VARCHAR, prediction VARCHAR, exact"
              + " BOOLEAN, performance DOUBLE, PRIMARY KEY (task, model, example))",
          "CREATE TABLE tracing_memorization (task VARCHAR, model VARCHAR, reference VARCHAR,"
              + " unit VARCHAR, subjects VARCHAR, n INTEGER, units INTEGER, spearman DOUBLE,"
              + " p_value DOUBLE, kendall_tau DOUBLE, generalization DOUBLE)",
          "CREATE TABLE prediction_results (model VARCHAR, trained_on VARCHAR, context INTEGER,"
              + " continuation INTEGER, predictor VARCHAR, level INTEGER, tokens BIGINT,"
              + " token_accuracy DOUBLE, sequences BIGINT, sequence_accuracy DOUBLE, f1 DOUBLE)");

  static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : TABLES) s.execute(table);
    }
  }
}
