package io.memtrace.studies.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.memtrace.studies.HeadlessChromium;
import io.memtrace.studies.ModelRef;
import io.memtrace.studies.Reporter;
import io.memtrace.studies.StudyFixtures;
import io.memtrace.studies.memorization.MemorizationRunner;
import io.memtrace.studies.memorization.MemorizationSettings;
import io.memtrace.studies.memorization.RowSelection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * The analyses' report in a real browser (Debian's chromium and chromedriver, which the CI script
 * installs): it loads without console errors, every figure shows at a non-zero size, and every
 * table it lists has its Parquet export beside it.
 */
class ReportBrowserTest {
  @TempDir Path dir;

  @Test
  void theReportLoadsCleanlyWithEveryFigureVisible() throws Exception {
    Path rows = StudyFixtures.rows(dir);
    Path db = dir.resolve("r.duckdb");
    MemorizationRunner.run(
        MemorizationSettings.of(
            List.of(ModelRef.of(StudyFixtures.A), ModelRef.of(StudyFixtures.B)),
            rows,
            new RowSelection.All(),
            List.of(8),
            List.of(4, 10)),
        db,
        Reporter.SILENT);
    Path figures = dir.resolve("figures");
    Path report = AnalysisRunner.run(new AnalysisSettings(figures, null, false, 1), db).report();

    ChromeDriver browser = HeadlessChromium.open(dir);
    try {
      browser.get(report.toUri().toString());
      assertThat(browser.getTitle()).isEqualTo("memtrace report");
      List<?> images =
          (List<?>)
              browser.executeScript(
                  "return Array.from(document.images).map(i =>"
                      + " [i.alt, i.complete, i.naturalWidth, i.getBoundingClientRect().width,"
                      + " i.getBoundingClientRect().height]);");
      try (var svgs = Files.list(figures)) {
        assertThat(images).hasSize((int) svgs.filter(p -> p.toString().endsWith(".svg")).count());
      }
      for (Object image : images) {
        List<?> i = (List<?>) image;
        assertThat(i.get(1)).as("%s loaded", i.get(0)).isEqualTo(true);
        assertThat(((Number) i.get(2)).doubleValue()).as("%s decoded", i.get(0)).isPositive();
        assertThat(((Number) i.get(3)).doubleValue()).as("%s width", i.get(0)).isPositive();
        assertThat(((Number) i.get(4)).doubleValue()).as("%s height", i.get(0)).isPositive();
      }
      List<LogEntry> errors =
          browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
              .toList();
      assertThat(errors).isEmpty();
      for (var link : browser.findElements(By.cssSelector("a[href$='.parquet']"))) {
        assertThat(figures.resolve(link.getDomAttribute("href"))).exists();
      }
      assertThat(browser.findElements(By.tagName("h2")))
          .extracting(e -> e.getText())
          .contains("Settings", "Memorization score bins", "Transitions between score bins");
    } finally {
      browser.quit();
    }
  }
}
