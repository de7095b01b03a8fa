package io.memtrace.tracing.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.memtrace.BadInputException;
import io.memtrace.tracing.TaskExample;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of each JSONL layout (see {@link TaskFormat}) turned into a {@link TaskExample}; a
 * missing, mistyped or blank field is an error naming the line and the field expected.
 */
final class JsonExamples {
  private JsonExamples() {}

  /** Turns one object into an example; {@code at} names the line for ids and errors. */
  @FunctionalInterface
  interface Parser {
    TaskExample parse(ObjectNode line, JsonLines at) throws BadInputException;
  }

  /**
   * memtrace's own layout, as a parser for one file: a task is multiple choice or not as a whole,
   * so every example must have choices, or none, as the first one.
   */
  static Parser generic() {
    return new Parser() {
      private Boolean multipleChoice;

      @Override
      public TaskExample parse(ObjectNode line, JsonLines at) throws BadInputException {
        TaskExample example = generic(line, at);
        boolean choices = !example.choices().isEmpty();
        if (multipleChoice == null) multipleChoice = choices;
        if (choices != multipleChoice) {
          throw at.bad(
              (choices
                      ? "found \"choices\", but the first example has none"
                      : "expected \"choices\", as the first example has")
                  + "; give choices to every example (multiple choice) or to none");
        }
        return example;
      }
    };
  }

  private static TaskExample generic(ObjectNode line, JsonLines at) throws BadInputException {
    String output = text(line, "output", at);
    List<String> choices = strings(line, "choices", at);
    if (!choices.isEmpty() && !choices.contains(output)) {
      throw at.bad(
          "\"output\" must be one of \"choices\" " + choices + ", found \"" + output + "\"");
    }
    return new TaskExample(
        id(line, "id", at),
        text(line, "input", at),
        output,
        choices,
        optionalText(line, "subject", at),
        List.of(),
        null);
  }

  static Parser wmt(String source, String target) {
    return (line, at) -> {
      JsonNode translation = line.get("translation");
      if (translation == null || !translation.isObject()) {
        throw at.bad("expected an object field \"translation\"" + found(translation));
      }
      ObjectNode pair = (ObjectNode) translation;
      for (String language : List.of(source, target)) {
        if (!pair.has(language)) {
          throw at.bad(
              "expected language \""
                  + language
                  + "\" in \"translation\", found "
                  + fieldNames(pair));
        }
      }
      return new TaskExample(
          String.valueOf(at.line()), text(pair, source, at), text(pair, target, at));
    };
  }

  /**
   * Hugging Face {@code trivia_qa}: the answer's value is the output, its other aliases
   * alternatives.
   */
  static TaskExample triviaQa(ObjectNode line, JsonLines at) throws BadInputException {
    ObjectNode answer = object(line, "answer", at);
    String output = text(answer, "value", at);
    Set<String> others = new LinkedHashSet<>(strings(answer, "aliases", at));
    others.remove(output);
    return new TaskExample(
        id(line, "question_id", at),
        text(line, "question", at),
        output,
        List.of(),
        null,
        List.copyOf(others),
        null);
  }

  /** Hugging Face {@code cais/mmlu}: {@code answer} indexes {@code choices}. */
  static TaskExample mmlu(ObjectNode line, JsonLines at) throws BadInputException {
    List<String> choices = strings(line, "choices", at);
    if (choices.isEmpty()) throw at.bad("expected a non-empty array \"choices\"");
    JsonNode answer = line.get("answer");
    if (answer == null
        || !answer.isInt()
        || answer.intValue() < 0
        || answer.intValue() >= choices.size()) {
      throw at.bad(
          "expected an integer \"answer\" from 0 to "
              + (choices.size() - 1)
              + (answer == null ? ", it is missing" : ", found " + answer));
    }
    String output = choices.get(answer.intValue());
    if (output.isBlank()) throw at.bad("the correct choice " + answer.intValue() + " is empty");
    return new TaskExample(
        String.valueOf(at.line()),
        text(line, "question", at),
        output,
        choices,
        optionalText(line, "subject", at),
        List.of(),
        null);
  }

  /**
   * Hugging Face {@code gsm8k}: the output is what follows the last {@code ####} of the answer, as
   * written (normalizing numbers such as "1,000" is left to the metric).
   */
  static TaskExample gsm8k(ObjectNode line, JsonLines at) throws BadInputException {
    String solution = text(line, "answer", at);
    int mark = solution.lastIndexOf("####");
    String output = mark < 0 ? "" : solution.substring(mark + 4).strip();
    if (output.isEmpty()) {
      throw at.bad("expected \"answer\" to end in \"#### <final answer>\"");
    }
    return new TaskExample(
        String.valueOf(at.line()),
        text(line, "question", at),
        output,
        List.of(),
        null,
        List.of(),
        solution);
  }

  /** A required string field that is not blank. */
  private static String text(ObjectNode object, String field, JsonLines at)
      throws BadInputException {
    String value = optionalText(object, field, at);
    if (value == null) throw at.bad("expected a string field \"" + field + "\", it is missing");
    if (value.isBlank()) throw at.bad("\"" + field + "\" is empty, expected text");
    return value;
  }

  /** A string field, or null when missing or JSON null. */
  private static String optionalText(ObjectNode object, String field, JsonLines at)
      throws BadInputException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) return null;
    if (!value.isTextual())
      throw at.bad("expected a string field \"" + field + "\"" + found(value));
    return value.textValue();
  }

  /** An array of strings, empty when missing. */
  private static List<String> strings(ObjectNode object, String field, JsonLines at)
      throws BadInputException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) return List.of();
    if (!value.isArray()) {
      throw at.bad("expected \"" + field + "\" to be an array of strings" + found(value));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw at.bad(
            "expected \"" + field + "\" to hold only strings, found " + element.getNodeType());
      }
      out.add(element.textValue());
    }
    return out;
  }

  private static ObjectNode object(ObjectNode object, String field, JsonLines at)
      throws BadInputException {
    JsonNode value = object.get(field);
    if (value == null || !value.isObject()) {
      throw at.bad("expected an object field \"" + field + "\"" + found(value));
    }
    return (ObjectNode) value;
  }

  /** A string or integer id, else the line number. */
  private static String id(ObjectNode object, String field, JsonLines at) throws BadInputException {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) return String.valueOf(at.line());
    if (!value.isTextual() && !value.isIntegralNumber()) {
      throw at.bad("expected a string or integer \"" + field + "\"" + found(value));
    }
    return value.asText();
  }

  private static String found(JsonNode value) {
    return value == null ? ", it is missing" : ", found " + value.getNodeType();
  }

  static List<String> fieldNames(ObjectNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
