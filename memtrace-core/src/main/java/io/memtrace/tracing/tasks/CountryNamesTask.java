package io.memtrace.tracing.tasks;

import io.memtrace.tracing.Task;
import io.memtrace.tracing.Task.Kind;
import io.memtrace.tracing.TaskExample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The embedded default task: English country names translated into study B's WMT languages, from
 * the JDK's own CLDR data, so translation can be traced without downloading a dataset. One example
 * per ISO 3166 code ({@link Locale#getISOCountries()}) in code order, id = the code. Names that are
 * the same in both languages ("Panama") are kept, as study B keeps every pair of its translation
 * task; a caller can drop them with {@code input.equals(output)}. The names follow the running
 * JDK's CLDR version.
 */
public final class CountryNamesTask {
  /** The target languages, those study B pairs with English in WMT09. */
  public static final List<String> LANGUAGES = List.of("cs", "de", "es", "fr", "hu", "it");

  private CountryNamesTask() {}

  /** English country names and their names in {@code targetLanguage}, e.g. "de". */
  public static Task of(String targetLanguage) {
    if (!LANGUAGES.contains(targetLanguage)) {
      throw new IllegalArgumentException(
          "no country-names task for language \""
              + targetLanguage
              + "\", expected one of "
              + LANGUAGES);
    }
    Locale target = Locale.of(targetLanguage);
    String[] codes = Locale.getISOCountries();
    Arrays.sort(codes); // the JDK returns them sorted, but the order must not depend on it
    List<TaskExample> examples = new ArrayList<>(codes.length);
    for (String code : codes) {
      Locale country = Locale.of("", code);
      examples.add(
          new TaskExample(
              code, country.getDisplayCountry(Locale.ENGLISH), country.getDisplayCountry(target)));
    }
    return Task.of(
        "country-names-en-" + targetLanguage, Kind.TRANSLATION, "en", targetLanguage, examples);
  }

  /** One task per language of {@link #LANGUAGES}, in that order. */
  public static List<Task> all() {
    return LANGUAGES.stream().map(CountryNamesTask::of).toList();
  }
}
