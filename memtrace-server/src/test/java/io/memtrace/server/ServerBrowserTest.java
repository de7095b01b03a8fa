package io.memtrace.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.memtrace.index.CooccurrencePages;
import io.memtrace.index.IndexReader;
import io.memtrace.index.Occurrences;
import io.memtrace.index.Spans;
import io.memtrace.model.LanguageModel;
import io.memtrace.studies.HeadlessChromium;
import io.memtrace.studies.analysis.Report;
import io.memtrace.studies.text.TextTrace;
import io.memtrace.tokens.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The pages in a real browser (Debian's chromium and chromedriver): a text traced, a span clicked,
 * its documents shown, and corpus searches; every number checked against the library's answer, no
 * console errors; screenshots in {@code target/screenshots}.
 */
class ServerBrowserTest {
  private static final Path SCREENSHOTS = Path.of("target/screenshots");

  @TempDir Path dir;

  @Test
  void textViewAndCorpusSearchShowTheLibrarysNumbers() throws Exception {
    Path db = ServerFixture.database(dir);
    ServerFixture.trace(dir, db, ServerFixture.index(dir));
    // Study B's truth, read before the server opens the database.
    List<List<Object>> pairsByCount =
        rows(
            db,
            "SELECT pair, documents_both FROM tracing_pairs ORDER BY documents_both DESC, pair");
    List<List<Object>> pairsByCosine =
        rows(db, "SELECT pair FROM tracing_pairs ORDER BY cosine DESC, pair LIMIT 1");
    long sizes =
        (Long)
            rows(
                    db,
                    "SELECT count(DISTINCT (model, n)) FROM tracing_memorization WHERE unit ="
                        + " 'OUTPUT' AND subjects = 'all'")
                .getFirst()
                .getFirst();
    long coverage = (Long) rows(db, "SELECT count(*) FROM tracing_coverage").getFirst().getFirst();
    Path figures = dir.resolve("figures");
    String report =
        Files.readString(Report.write(db, figures, Map.of("task", "fisheries (fixture)")));
    try (MemtraceServer server = ServerFixture.serve(db, dir.resolve("index"), figures);
        IndexReader index = IndexReader.open(dir.resolve("index"));
        Tokenizer tokenizer = index.tokenizer(null);
        LanguageModel lm = LanguageModel.load(ServerFixture.MODEL, 1)) {
      int[] tokens = tokenizer.encode(ServerFixture.TEXT);
      TextTrace truth = TextTrace.of(index, tokens, 4, 3, Map.of("pythia-tiny", lm));
      String base = "http://127.0.0.1:" + server.port();
      ChromeDriver browser = browser();
      try {
        browser.get(base + "/text");
        assertThat(browser.getTitle()).isEqualTo("memtrace · text view");
        browser.findElement(By.id("text")).sendKeys(ServerFixture.TEXT);
        WebElement minLength = browser.findElement(By.id("min-length"));
        minLength.clear();
        minLength.sendKeys("4");
        browser.findElement(By.id("trace")).click();
        waitFor(() -> !browser.findElements(By.id("token-table")).isEmpty());

        List<WebElement> rows =
            browser.findElements(By.cssSelector("#token-table tr[data-position]"));
        assertThat(rows).hasSize(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
          WebElement row = rows.get(i);
          assertThat(value(row, "td.infgram"))
              .isCloseTo(truth.infgram().get(i).probability(), within(1e-12));
          assertThat(value(row, "td.match")).isEqualTo(truth.match()[i]);
          assertThat(value(row, "td.match-count")).isEqualTo(truth.matchCount()[i]);
          if (i > 0) {
            assertThat(value(row, "td.model-p"))
                .isCloseTo(truth.models().get(0).probability()[i - 1], within(1e-9));
            assertThat(value(row, "td.model-rank")).isEqualTo(truth.models().get(0).rank()[i - 1]);
          }
          assertThat(row.findElement(By.cssSelector("td.infgram")).getText()).isNotBlank();
        }
        assertThat(browser.findElements(By.cssSelector("#spans button")))
            .hasSize(truth.spans().size());

        // The longest span: its documents, first page, the span highlighted in each.
        int k = 0;
        for (int j = 1; j < truth.spans().size(); j++) {
          Spans.Span a = truth.spans().get(j);
          Spans.Span b = truth.spans().get(k);
          if (a.end() - a.start() > b.end() - b.start()) k = j;
        }
        Spans.Span span = truth.spans().get(k);
        browser.findElement(By.cssSelector("#spans button[data-span='" + k + "']")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#documents .doc")).isEmpty());
        assertThat(value(browser.findElement(By.id("occurrence-total")), null))
            .isEqualTo(span.page().total());
        Occurrences.Page page = Occurrences.page(index, span.page().ngram(), 0, 5);
        List<WebElement> docs = browser.findElements(By.cssSelector("#documents .doc"));
        assertThat(docs).hasSize(page.occurrences().size());
        String spanText = tokenizer.decode(span.page().ngram());
        for (int j = 0; j < docs.size(); j++) {
          assertThat(Long.parseLong(docs.get(j).getDomAttribute("data-document")))
              .isEqualTo(page.occurrences().get(j).document());
          assertThat(Integer.parseInt(docs.get(j).getDomAttribute("data-offset")))
              .isEqualTo(page.occurrences().get(j).offset());
          assertThat(docs.get(j).findElement(By.tagName("mark")).getDomProperty("textContent"))
              .isEqualTo(spanText);
        }
        screenshot(browser, "text-view.png");

        // A highlighted token of the text opens a span too.
        browser.findElement(By.cssSelector("#traced span.inspan")).click();
        waitFor(() -> browser.findElement(By.id("span-title")).getText().startsWith("Span ["));

        browser.get(base + "/");
        assertThat(browser.getTitle()).isEqualTo("memtrace · corpus search");
        browser.findElement(By.id("query")).sendKeys(" the report");
        browser.findElement(By.id("count")).click();
        waitFor(() -> !browser.findElements(By.id("count-value")).isEmpty());
        assertThat(value(browser.findElement(By.id("count-value")), null))
            .isEqualTo(index.count(tokenizer.encode(" the report")));
        assertThat(browser.findElements(By.cssSelector("#tokenization .tok")))
            .hasSize(tokenizer.encode(" the report").length);
        screenshot(browser, "search-count.png");

        browser.findElement(By.id("ntd")).click();
        waitFor(() -> !browser.findElements(By.id("ntd-table")).isEmpty());
        screenshot(browser, "search-ntd.png");

        browser.findElement(By.id("docs")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#documents .doc")).isEmpty());
        assertThat(value(browser.findElement(By.id("occurrence-total")), null))
            .isEqualTo(index.count(tokenizer.encode(" the report")));
        screenshot(browser, "search-documents.png");

        browser.findElement(By.id("query-b")).sendKeys(" committee");
        browser.findElement(By.id("cooccur")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#documents .doc")).isEmpty());
        CooccurrencePages.Page both =
            CooccurrencePages.page(
                index, tokenizer.encode(" the report"), tokenizer.encode(" committee"), 0, 10, 30);
        assertThat(value(browser.findElement(By.id("cooccur-value")), null))
            .isEqualTo(both.total());
        assertThat(browser.findElements(By.cssSelector("#documents .doc")))
            .extracting(e -> Long.parseLong(e.getDomAttribute("data-document")))
            .containsExactlyElementsOf(
                both.documents().stream().map(CooccurrencePages.Both::document).toList());
        assertThat(both.total()).isEqualTo(2);
        screenshot(browser, "search-cooccur.png");

        browser.get(base + "/memorization");
        waitFor(() -> !browser.findElements(By.id("memorization-table")).isEmpty());
        assertThat(value(browser.findElement(By.id("row-total")), null)).isEqualTo(40);
        assertThat(value(browser.findElement(By.cssSelector("#memorization-table td.score")), null))
            .isEqualTo(1.0);
        browser.findElement(By.cssSelector("#model option[value='other']")).click();
        browser.findElement(By.id("apply")).click();
        waitFor(() -> shows(browser, "#row-total[data-value='20']"));
        assertThat(browser.findElements(By.cssSelector("#memorization-table tr[data-model]")))
            .allSatisfy(row -> assertThat(row.getDomAttribute("data-model")).isEqualTo("other"));
        browser.findElement(By.cssSelector("th[data-sort='score']")).click();
        waitFor(() -> shows(browser, "th[data-sort='score'][data-order='asc']"));
        assertThat(value(browser.findElement(By.cssSelector("#memorization-table td.score")), null))
            .isEqualTo(0.0);
        screenshot(browser, "memorization.png");

        // A row opens in the text view: every model's scores of it, its tokens traced.
        browser
            .findElement(By.cssSelector("#memorization-table a.row-link[href$='row=2']"))
            .click();
        waitFor(() -> !browser.findElements(By.id("token-table")).isEmpty());
        int[] row2;
        try (var store = io.memtrace.tokens.TokenStore.open(dir.resolve("store"))) {
          int[] sequence = store.sequence(2);
          row2 = java.util.Arrays.copyOf(sequence, Math.min(sequence.length, 16 + 4));
        }
        assertThat(browser.findElements(By.cssSelector("#row-scores tr[data-model]")))
            .hasSize(ServerFixture.MODELS.size() * ServerFixture.CONTEXTS.length);
        assertThat(browser.findElement(By.id("row-title")).getText())
            .isEqualTo("Training row 2 (scored for other)");
        TextTrace rowTruth = TextTrace.of(index, row2, 4, 3, Map.of("pythia-tiny", lm));
        List<WebElement> rowTokens =
            browser.findElements(By.cssSelector("#token-table tr[data-position]"));
        assertThat(rowTokens).hasSize(row2.length);
        for (int i = 1; i < row2.length; i++) {
          assertThat(value(rowTokens.get(i), "td.model-p"))
              .isCloseTo(rowTruth.models().get(0).probability()[i - 1], within(1e-9));
          assertThat(value(rowTokens.get(i), "td.match")).isEqualTo(rowTruth.match()[i]);
        }
        assertThat(browser.findElements(By.cssSelector("#traced span.boundary")))
            .hasSize(
                (int)
                    java.util.Arrays.stream(ServerFixture.CONTEXTS)
                        .filter(c -> c < row2.length)
                        .count());
        screenshot(browser, "training-row.png");

        browser.get(base + "/tracing");
        assertThat(browser.getTitle()).isEqualTo("memtrace · study B");
        waitFor(() -> !browser.findElements(By.id("pairs-table")).isEmpty());
        assertThat(value(browser.findElement(By.id("pair-total")), null))
            .isEqualTo(pairsByCount.size());
        assertThat(browser.findElements(By.cssSelector("#memorization-table tr[data-model]")))
            .hasSize((int) sizes);
        assertThat(browser.findElements(By.cssSelector("#coverage-table tr")))
            .hasSize((int) coverage + 1);
        List<WebElement> pairRows =
            browser.findElements(By.cssSelector("#pairs-table tr[data-pair]"));
        assertThat(pairRows).hasSize(Math.min(25, pairsByCount.size()));
        assertThat(pairRows.getFirst().getDomAttribute("data-pair"))
            .isEqualTo(pairsByCount.getFirst().getFirst().toString());
        long topBoth = (Long) pairsByCount.getFirst().get(1);
        pairRows.getFirst().click();
        waitFor(() -> shows(browser, "#pair-panel #both-total"));
        assertThat(value(browser.findElement(By.id("both-total")), null)).isEqualTo(topBoth);
        assertThat(browser.findElements(By.cssSelector("#pair-panel .doc")))
            .hasSize((int) Math.min(10, topBoth));
        assertThat(browser.findElements(By.cssSelector("#pair-panel .doc mark"))).isNotEmpty();
        screenshot(browser, "tracing.png");
        browser.executeScript("document.getElementById('pairs-section').scrollIntoView();");
        screenshot(browser, "tracing-pairs.png");
        browser.findElement(By.cssSelector("th[data-sort='cosine']")).click();
        waitFor(
            () ->
                shows(
                    browser,
                    "#pairs-table tr[data-pair='"
                        + pairsByCosine.getFirst().getFirst()
                        + "']:nth-child(2)"));

        browser.get(base + "/analyses");
        assertThat(browser.getTitle()).isEqualTo("memtrace · analyses");
        waitFor(() -> !browser.findElements(By.id("report")).isEmpty());
        browser.switchTo().frame(browser.findElement(By.id("report")));
        waitFor(() -> !browser.findElements(By.tagName("h1")).isEmpty());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("memtrace report");
        assertThat(browser.findElements(By.tagName("img")))
            .hasSize(report.split("<img ", -1).length - 1)
            .isNotEmpty();
        assertThat(browser.findElements(By.xpath("//code[text()='tracing_coverage']"))).hasSize(1);
        browser.switchTo().defaultContent();
        screenshot(browser, "analyses.png");
        // The report's Parquet exports, listed beside it and sent as the files on disk.
        List<String> exports;
        try (var files = Files.list(figures.resolve("tables"))) {
          exports = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertThat(exports).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#table-exports a")))
            .hasSize(exports.size());
        try (var client = java.net.http.HttpClient.newHttpClient()) {
          var sent =
              client.send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(base + "/report/tables/" + exports.getFirst()))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());
          assertThat(sent.statusCode()).isEqualTo(200);
          assertThat(sent.body())
              .isEqualTo(Files.readAllBytes(figures.resolve("tables").resolve(exports.getFirst())));
        }
        assertThat(ServerFixture.get(server, "/report/tables/..%2F..%2Fpom.xml").statusCode())
            .isEqualTo(404);
        assertThat(ServerFixture.get(server, "/report/tables/report.html").statusCode())
            .isEqualTo(404);

        List<LogEntry> errors =
            browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertThat(errors).isEmpty();
      } finally {
        browser.quit();
      }
    }
  }

  private static List<List<Object>> rows(Path db, String sql) throws Exception {
    List<List<Object>> out = new java.util.ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + db);
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        List<Object> row = new java.util.ArrayList<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) row.add(r.getObject(i));
        out.add(row);
      }
    }
    return out;
  }

  private ChromeDriver browser() throws Exception {
    return HeadlessChromium.open(dir, "--window-size=1400,1000");
  }

  /** Whether the page holds an element matching {@code css}, asked in one step of the page. */
  private static boolean shows(ChromeDriver browser, String css) {
    return (Boolean)
        browser.executeScript("return document.querySelector(arguments[0]) !== null;", css);
  }

  /** The number an element (or its child matching {@code css}) shows, from its data-value. */
  private static double value(WebElement e, String css) {
    WebElement cell = css == null ? e : e.findElement(By.cssSelector(css));
    return Double.parseDouble(cell.getDomAttribute("data-value"));
  }

  private static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited 30 s for the page").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void screenshot(ChromeDriver browser, String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
