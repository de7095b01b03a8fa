package io.memtrace.tracing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.cz.CzechAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.util.IOUtils;

/**
 * Stop words per language (ISO 639-1 code), from Lucene's analyzers: the Snowball lists for most
 * European languages (English too, whose Snowball list is close to NLTK's), Lucene's own for Czech,
 * Greek, Romanian and Bulgarian. Matching ignores case; Greek also ignores accents and final sigma,
 * as Lucene's Greek list is written after its Greek lower-casing (no accents, σ for ς).
 */
public final class StopWords {
  private static final Map<String, Supplier<CharArraySet>> LISTS = new TreeMap<>();

  static {
    LISTS.put("en", StopWords::englishSnowball);
    LISTS.put("bg", BulgarianAnalyzer::getDefaultStopSet);
    LISTS.put("cs", CzechAnalyzer::getDefaultStopSet);
    LISTS.put("da", DanishAnalyzer::getDefaultStopSet);
    LISTS.put("de", GermanAnalyzer::getDefaultStopSet);
    LISTS.put("el", GreekAnalyzer::getDefaultStopSet);
    LISTS.put("es", SpanishAnalyzer::getDefaultStopSet);
    LISTS.put("fi", FinnishAnalyzer::getDefaultStopSet);
    LISTS.put("fr", FrenchAnalyzer::getDefaultStopSet);
    LISTS.put("hu", HungarianAnalyzer::getDefaultStopSet);
    LISTS.put("it", ItalianAnalyzer::getDefaultStopSet);
    LISTS.put("nl", DutchAnalyzer::getDefaultStopSet);
    LISTS.put("pt", PortugueseAnalyzer::getDefaultStopSet);
    LISTS.put("ro", RomanianAnalyzer::getDefaultStopSet);
    LISTS.put("ru", RussianAnalyzer::getDefaultStopSet);
    LISTS.put("sv", SwedishAnalyzer::getDefaultStopSet);
  }

  private final String language;
  private final CharArraySet words;

  private StopWords(String language, CharArraySet words) {
    this.language = language;
    this.words = words;
  }

  /** The list for {@code language}, or empty when memtrace has none. */
  public static Optional<StopWords> forLanguage(String language) {
    Supplier<CharArraySet> list = LISTS.get(language.toLowerCase(Locale.ROOT));
    return list == null ? Optional.empty() : Optional.of(new StopWords(language, list.get()));
  }

  public static Set<String> languages() {
    return LISTS.keySet();
  }

  public String language() {
    return language;
  }

  public boolean contains(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    return words.contains(language.equalsIgnoreCase("el") ? greekKey(lower) : lower);
  }

  /** What Lucene's GreekLowerCaseFilter makes of a lower-case word: no accents, σ for ς. */
  private static String greekKey(String lower) {
    return Normalizer.normalize(lower, Normalizer.Form.NFD)
        .replaceAll("\\p{Mn}", "")
        .replace('ς', 'σ');
  }

  private static CharArraySet englishSnowball() {
    try (var in = SnowballFilter.class.getResourceAsStream("english_stop.txt")) {
      if (in == null) throw new IOException("english_stop.txt is missing");
      return WordlistLoader.getSnowballWordSet(
          IOUtils.getDecodingReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Lucene's English stop-word list is unreadable", e);
    }
  }
}
