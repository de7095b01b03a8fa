package io.memtrace.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.studies.StudyFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memtrace spark ...}: a job runs from its command line; a user's mistake, even one found
 * inside a task, is one line naming the file, without a stack trace.
 */
class SparkMainTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    LocalSpark.session(); // the commands take the session of the test JVM
    var out = new StringWriter();
    var err = new StringWriter();
    int code = SparkMain.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void helpNamesEveryJob() {
    Run help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("ingest", "index", "memorize", "count", "bench-index", "bench-memorize");
  }

  @Test
  void ingestAndIndexRunFromTheCommandLine() throws Exception {
    LocalSpark.jsonlFiles(dir.resolve("corpus"), 3, 20, 1);
    Run ingest =
        run(
            "ingest",
            "--input",
            dir.resolve("corpus").toString(),
            "--tokenizer",
            LocalSpark.TOKENIZER.toString(),
            "--out",
            dir.resolve("store").toString(),
            "--partitions",
            "2");
    assertThat(ingest.err()).isEmpty();
    assertThat(ingest.code()).isZero();
    assertThat(ingest.out()).contains("in 2 partitions");
    Run index =
        run(
            "index",
            "--store",
            dir.resolve("store").toString(),
            "--out",
            dir.resolve("index").toString());
    assertThat(index.code()).isZero();
    assertThat(index.out()).contains("1 shards");
  }

  @Test
  void aBadLineOfAnInputIsOneLineNamingFileAndLine() throws Exception {
    Path corpus = Files.createDirectories(dir.resolve("bad"));
    Files.write(corpus.resolve("a.jsonl"), List.of("{\"text\": \"fine\"}"));
    Files.write(corpus.resolve("b.jsonl"), List.of("{\"text\": \"fine\"}", "{\"text\": 1"));
    Run r =
        run(
            "ingest",
            "--input",
            corpus.toString(),
            "--tokenizer",
            LocalSpark.TOKENIZER.toString(),
            "--out",
            dir.resolve("store").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("memtrace: ")
        .contains("b.jsonl:2");
  }

  @Test
  void aMissingStoreIsOneLine() {
    Run r =
        run(
            "index",
            "--store",
            dir.resolve("nothing").toString(),
            "--out",
            dir.resolve("index").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString().contains("nothing");
  }

  @Test
  void aModelThatIsNoModelIsOneLine() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Run r =
        run(
            "memorize",
            "--models",
            dir.toString(),
            "--rows",
            rows.toString(),
            "--sample",
            "4",
            "--context",
            "8",
            "--continuation",
            "4",
            "--out",
            dir.resolve("scores").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString().startsWith("memtrace: ");
  }
}
