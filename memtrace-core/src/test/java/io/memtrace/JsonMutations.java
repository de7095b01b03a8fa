package io.memtrace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of the structure of valid JSON, for the parsers of JSON files and JSON Lines:
 * where byte-level {@link Mutations} mostly break the syntax, these keep it valid and change what
 * the parser's own checks must catch.
 *
 * <p>The input is one JSON value (pretty-printed or not), or JSON Lines: one value per non-blank
 * line. Each input gets one to four mutations, each at a node drawn from all nodes of the input: a
 * value replaced by one of another type, a key dropped, a key given twice (the copy with another
 * value), an array element dropped or repeated, a number set to an extreme value, a value wrapped
 * in deep nesting, a string made very long or odd (empty, control characters, lone surrogates
 * escaped, digits). The result is written compactly, one line per value for JSON Lines.
 */
public final class JsonMutations {
  /** Writes nesting as deep as a mutation makes it; Jackson's writer stops at 1,000 levels. */
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamWriteConstraints(
                  StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
              .build());

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Extreme numbers, as JSON text. */
  private static final String[] NUMBERS = {
    "0",
    "-1",
    "2147483647",
    "2147483648",
    "-2147483649",
    "4294967296",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "-1e309",
    "-0.0",
    "0.5",
    "1e-400",
    "123456789012345678901234567890",
    "1E+2147483647"
  };

  private static final String[] STRINGS = {
    "", " ", "\u0000", "\n\t\r", "\ud800", "\udc00x", "12", "-1", "true", "null", "\u00e9\u4e2d"
  };

  private JsonMutations() {}

  /** The input that case {@code seed} makes from {@code valid}; deterministic. */
  public static byte[] mutate(byte[] valid, long seed) {
    Random random = new Random(seed);
    Document doc = Document.parse(valid);
    int rounds = 1 + random.nextInt(random.nextInt(4) + 1);
    for (int r = 0; r < rounds; r++) doc.mutateOnce(random);
    return doc.write();
  }

  /** Parsed values, and the keys to write twice. */
  private static final class Document {
    private final List<JsonNode> values;
    private final boolean lines;
    private final Map<ObjectNode, Map<String, JsonNode>> twice = new IdentityHashMap<>();
    private boolean deep;

    private Document(List<JsonNode> values, boolean lines) {
      this.values = values;
      this.lines = lines;
    }

    static Document parse(byte[] valid) {
      String text = new String(valid, StandardCharsets.UTF_8);
      try {
        return new Document(new ArrayList<>(List.of(JSON.readTree(text))), false);
      } catch (IOException notOneValue) {
        List<JsonNode> values = new ArrayList<>();
        for (String line : text.split("\n")) {
          if (line.isBlank()) continue;
          try {
            values.add(JSON.readTree(line));
          } catch (IOException e) {
            throw new IllegalArgumentException("not JSON nor JSON Lines: " + line, e);
          }
        }
        return new Document(values, true);
      }
    }

    /** A node, its container (null for a top-level value) and its key or index there. */
    private record Place(JsonNode node, JsonNode parent, String key, int index) {}

    void mutateOnce(Random random) {
      List<Place> places = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) collect(values.get(i), null, null, i, places);
      Place at = places.get(random.nextInt(places.size()));
      switch (random.nextInt(8)) {
        case 0 -> replace(at, otherType(at.node(), random));
        case 1 -> { // drop a key, or an array element, or a whole line
          if (at.parent() instanceof ObjectNode o) o.remove(at.key());
          else if (at.parent() instanceof ArrayNode a) a.remove(at.index());
          else if (values.size() > 1) values.remove(at.index());
          else replace(at, NODES.objectNode());
        }
        case 2 -> { // a key given twice, or an element or line repeated
          JsonNode copy = random.nextBoolean() ? at.node().deepCopy() : value(random);
          if (at.parent() instanceof ObjectNode o) {
            twice.computeIfAbsent(o, k -> new LinkedHashMap<>()).put(at.key(), copy);
          } else if (at.parent() instanceof ArrayNode a) {
            a.insert(at.index(), copy);
          } else {
            values.add(at.index(), copy);
          }
        }
        case 3 -> replace(at, number(random));
        case 4 -> { // deep nesting
          JsonNode node = at.node();
          // once deep, only shallow: nesting in nesting would outgrow this class's own stack
          boolean far = !deep && random.nextBoolean();
          deep |= far;
          int depth = 1 + random.nextInt(far ? 3000 : 20);
          for (int d = 0; d < depth; d++) {
            node =
                random.nextBoolean()
                    ? NODES.arrayNode().add(node)
                    : NODES.objectNode().set(at.key() == null ? "x" : at.key(), node);
          }
          replace(at, node);
        }
        case 5 -> replace(at, NODES.textNode(string(random)));
        case 6 -> { // a key renamed: one a parser may read as another, or an odd one
          if (at.parent() instanceof ObjectNode o) {
            JsonNode v = o.remove(at.key());
            String key =
                random.nextBoolean()
                    ? at.key().toUpperCase(Locale.ROOT)
                    : STRINGS[random.nextInt(STRINGS.length)];
            o.set(key, v);
          } else {
            replace(at, NODES.arrayNode());
          }
        }
        default -> { // a container emptied, or a value set to null
          if (at.node() instanceof ObjectNode o) o.removeAll();
          else if (at.node() instanceof ArrayNode a) a.removeAll();
          else replace(at, NODES.nullNode());
        }
      }
    }

    private static void collect(
        JsonNode node, JsonNode parent, String key, int index, List<Place> out) {
      out.add(new Place(node, parent, key, index));
      if (node instanceof ObjectNode o) {
        for (var e : o.properties()) collect(e.getValue(), o, e.getKey(), -1, out);
      } else if (node instanceof ArrayNode a) {
        for (int i = 0; i < a.size(); i++) collect(a.get(i), a, null, i, out);
      }
    }

    private void replace(Place at, JsonNode with) {
      if (at.parent() instanceof ObjectNode o) o.set(at.key(), with);
      else if (at.parent() instanceof ArrayNode a) a.set(at.index(), with);
      else values.set(at.index(), with);
    }

    byte[] write() {
      var out = new ByteArrayOutputStream();
      try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
        for (JsonNode v : values) {
          write(v, g);
          g.flush();
          if (lines) out.write('\n');
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toByteArray();
    }

    private void write(JsonNode node, JsonGenerator g) throws IOException {
      if (node instanceof ObjectNode o) {
        g.writeStartObject();
        Map<String, JsonNode> again = twice.getOrDefault(o, Map.of());
        for (var e : o.properties()) {
          g.writeFieldName(e.getKey());
          write(e.getValue(), g);
          JsonNode copy = again.get(e.getKey());
          if (copy != null) {
            g.writeFieldName(e.getKey());
            write(copy, g);
          }
        }
        g.writeEndObject();
      } else if (node instanceof ArrayNode a) {
        g.writeStartArray();
        for (JsonNode element : a) write(element, g);
        g.writeEndArray();
      } else if (node.isNumber() && node.isBigDecimal()) {
        g.writeNumber(node.decimalValue().toString()); // as given: 1e309 stays out of double range
      } else {
        g.writeTree(node);
      }
    }
  }

  /** A value of another type than {@code node}'s. */
  private static JsonNode otherType(JsonNode node, Random random) {
    while (true) {
      JsonNode v = value(random);
      if (v.getNodeType() != node.getNodeType()) return v;
    }
  }

  private static JsonNode value(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> NODES.textNode(string(random));
      case 1 -> number(random);
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4 -> NODES.arrayNode().add(number(random)).add(string(random));
      case 5 -> NODES.objectNode().put("text", string(random));
      default -> NODES.objectNode();
    };
  }

  private static JsonNode number(Random random) {
    BigDecimal n = new BigDecimal(NUMBERS[random.nextInt(NUMBERS.length)]);
    if (n.scale() <= 0 && n.compareTo(BigDecimal.ONE.movePointRight(40)) < 0) {
      BigInteger i = n.toBigIntegerExact();
      return NODES.numberNode(i);
    }
    return NODES.numberNode(n);
  }

  private static String string(Random random) {
    if (random.nextInt(8) == 0) return "x".repeat(1 + random.nextInt(1 << 20));
    return STRINGS[random.nextInt(STRINGS.length)];
  }
}
