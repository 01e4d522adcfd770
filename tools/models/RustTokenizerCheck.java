// Checks reference.json token ids against the Rust Hugging Face tokenizers
// library (through DJL's native binding, ai.djl.huggingface:tokenizers).
// A standalone single-file program, not part of the Maven build:
//
//   java -cp "$(cat /tmp/djl-cp)" tools/models/RustTokenizerCheck.java fixtures/models/* models/spam-detector
//
// where the class path holds tokenizers, ai.djl:api, gson, slf4j-api and jna
// jars (tools/models/README.md shows how to fetch them). Exits 1 on any
// difference and prints the first differing position of each.

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

public class RustTokenizerCheck {
    public static void main(String[] args) throws Exception {
        int total = 0;
        int different = 0;
        for (String dir : args) {
            JsonObject reference = JsonParser.parseString(
                    Files.readString(Path.of(dir, "reference.json"))).getAsJsonObject();
            String maxLength = reference.get("max_length").getAsString();
            Map<String, String> options = Map.of(
                    "addSpecialTokens", "true", "truncation", "true",
                    "maxLength", maxLength, "padding", "false");
            try (HuggingFaceTokenizer tokenizer =
                    HuggingFaceTokenizer.newInstance(Path.of(dir, "tokenizer.json"), options)) {
                for (JsonElement element : reference.getAsJsonArray("cases")) {
                    JsonObject c = element.getAsJsonObject();
                    long[] rust = tokenizer.encode(c.get("text").getAsString()).getIds();
                    JsonArray expected = c.getAsJsonArray("input_ids");
                    int same = 0;
                    while (same < rust.length && same < expected.size()
                            && rust[same] == expected.get(same).getAsLong()) {
                        same++;
                    }
                    total++;
                    if (same != rust.length || same != expected.size()) {
                        different++;
                        System.out.printf("%s: differs at token %d for %s%n  rust %s%n  reference %s%n",
                                dir, same, c.get("text"), Arrays.toString(rust), expected);
                    }
                }
            }
        }
        System.out.printf("Rust tokenizer: %d of %d reference cases identical%n", total - different, total);
        System.exit(different == 0 ? 0 : 1);
    }
}
