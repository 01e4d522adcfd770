package dev.modelcache.engine.model.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Malformed variants of a valid JSON answer, for fuzzing a client's parser: the answer cut short at
 * a random byte, a random value (at any depth) replaced by one of another type, a random field
 * removed, another root, and a random character changed. Deterministic for a given {@link Random}.
 * Not thread-safe.
 */
public final class JsonFuzz {
  /** How a variant was made. */
  public enum Kind {
    TRUNCATED,
    WRONG_TYPE,
    FIELD_REMOVED,
    WRONG_ROOT,
    CHARACTER_CHANGED
  }

  /** One malformed answer. */
  public record Variant(Kind kind, String body) {}

  private static final List<JsonElement> WRONG_VALUES =
      List.of(
          new JsonPrimitive("a string"),
          new JsonPrimitive(""),
          new JsonPrimitive(42),
          new JsonPrimitive(-1),
          new JsonPrimitive(0.5),
          JsonParser.parseString("1e400"),
          JsonParser.parseString("123456789012345678901234567890"),
          new JsonPrimitive(true),
          JsonNull.INSTANCE,
          new JsonArray(),
          JsonParser.parseString("[1, \"two\", {\"three\": 3}]"),
          new JsonObject(),
          JsonParser.parseString("{\"nested\": {\"deeper\": [null]}}"),
          JsonParser.parseString("[".repeat(100) + "]".repeat(100)));

  private final Random random;

  public JsonFuzz(Random random) {
    this.random = random;
  }

  /** A malformed variant of {@code valid} (a JSON object), of a random kind. */
  public Variant mutate(String valid) {
    Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
    return new Variant(kind, mutate(valid, kind));
  }

  private String mutate(String valid, Kind kind) {
    switch (kind) {
      case TRUNCATED:
        return valid.substring(0, random.nextInt(valid.length()));
      case WRONG_ROOT:
        return pick(WRONG_VALUES).toString();
      case CHARACTER_CHANGED:
        {
          char[] chars = valid.toCharArray();
          String replacements = "{}[]\",:0a \\n\u0000";
          chars[random.nextInt(chars.length)] =
              replacements.charAt(random.nextInt(replacements.length()));
          return new String(chars);
        }
      default:
        JsonElement root = JsonParser.parseString(valid);
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        if (slots.isEmpty()) {
          return pick(WRONG_VALUES).toString();
        }
        Slot slot = pick(slots);
        if (kind == Kind.FIELD_REMOVED && slot.object != null) {
          slot.object.remove(slot.field);
        } else {
          slot.set(pick(WRONG_VALUES).deepCopy());
        }
        return root.toString();
    }
  }

  /** A place holding a value: a field of an object or an element of an array. */
  private record Slot(JsonObject object, String field, JsonArray array, int index) {
    void set(JsonElement value) {
      if (object != null) {
        object.add(field, value);
      } else {
        array.set(index, value);
      }
    }
  }

  private static void collect(JsonElement element, List<Slot> slots) {
    if (element.isJsonObject()) {
      for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
        slots.add(new Slot(element.getAsJsonObject(), e.getKey(), null, -1));
        collect(e.getValue(), slots);
      }
    } else if (element.isJsonArray()) {
      JsonArray array = element.getAsJsonArray();
      for (int i = 0; i < array.size(); i++) {
        slots.add(new Slot(null, null, array, i));
        collect(array.get(i), slots);
      }
    }
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** Outcomes by kind, for a printed table. */
  public static final class Tally {
    private final Map<Kind, int[]> counts = new TreeMap<>();

    /** Counts one variant: parsed (true) or refused with a typed error (false). */
    public void add(Kind kind, boolean parsed) {
      counts.computeIfAbsent(kind, k -> new int[2])[parsed ? 0 : 1]++;
    }

    public int parsed() {
      return counts.values().stream().mapToInt(c -> c[0]).sum();
    }

    public int refused() {
      return counts.values().stream().mapToInt(c -> c[1]).sum();
    }

    /** A Markdown table: kind, variants, parsed, refused as a typed error. */
    public String table(String parser) {
      StringBuilder out = new StringBuilder();
      out.append("| ").append(parser).append(" | variants | parsed | typed load error |\n");
      out.append("| --- | ---: | ---: | ---: |\n");
      counts.forEach(
          (kind, c) ->
              out.append(
                  String.format(
                      "| %s | %d | %d | %d |%n",
                      kind.name().toLowerCase(), c[0] + c[1], c[0], c[1])));
      out.append(
          String.format("| all | %d | %d | %d |%n", parsed() + refused(), parsed(), refused()));
      return out.toString();
    }
  }
}
