package dev.modelcache.bench.sim;

import dev.modelcache.api.InvalidModelNameException;
import dev.modelcache.api.ModelId;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-text trace format: CSV, one access per line, a header first.
 *
 * <pre>
 * # anything after '#' at the start of a line is a comment; blank lines are skipped
 * model,size_bytes,load_ms
 * spam-detector,1048576,55.2
 * org/deberta-v3@main,419430400,2150
 * </pre>
 *
 * <p>{@code model} is a model name as the service accepts it; {@code size_bytes} a whole number of
 * bytes, {@code >= 1}, the model's resident size once loaded ({@code memory_mb × 1048576} from
 * {@code /stats}); {@code load_ms} milliseconds, {@code >= 0}, decimals allowed down to the
 * nanosecond, its load time ({@code load_time_ms} from {@code /stats}). Operators can produce it
 * from a request log joined with those per-model figures. Stateless and thread-safe.
 */
public final class TraceFile {
  /** The header line as written; reading also accepts spaces around the commas. */
  public static final String HEADER = "model,size_bytes,load_ms";

  private TraceFile() {}

  /**
   * Reads a trace file; the trace is named after the file, without its extension.
   *
   * @throws TraceFormatException on the first bad line
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Trace read(Path file) {
    String fileName = file.getFileName().toString();
    String name =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, name, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read trace " + file, e);
    }
  }

  /**
   * Reads a trace from text.
   *
   * @param name the trace's name
   * @param source what to call the text in error messages, e.g. its path
   * @throws TraceFormatException on the first bad line
   */
  public static Trace read(Reader text, String name, String source) throws IOException {
    BufferedReader lines = new BufferedReader(text);
    List<Access> accesses = new ArrayList<>();
    boolean headerSeen = false;
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (!headerSeen) {
        if (!trimmed.replace(" ", "").equals(HEADER)) {
          throw new TraceFormatException(
              source, number, "expected the header '" + HEADER + "' but found '" + trimmed + "'");
        }
        headerSeen = true;
        continue;
      }
      accesses.add(parse(trimmed, source, number));
    }
    if (accesses.isEmpty()) {
      throw new TraceFormatException(
          source, number, headerSeen ? "no accesses after the header" : "empty: no header");
    }
    return new Trace(name, accesses);
  }

  private static Access parse(String line, String source, int number) {
    String[] fields = line.split(",", -1);
    if (fields.length != 3) {
      throw new TraceFormatException(
          source,
          number,
          "expected 3 fields (" + HEADER + ") but found " + fields.length + ": '" + line + "'");
    }
    ModelId model;
    try {
      model = ModelId.of(fields[0].strip());
    } catch (InvalidModelNameException e) {
      throw new TraceFormatException(source, number, "bad model name: " + e.getMessage());
    }
    long bytes;
    try {
      bytes = Long.parseLong(fields[1].strip());
    } catch (NumberFormatException e) {
      bytes = -1;
    }
    if (bytes < 1) {
      throw new TraceFormatException(
          source, number, "size_bytes must be a whole number >= 1: '" + fields[1].strip() + "'");
    }
    long loadNanos;
    try {
      loadNanos =
          new BigDecimal(fields[2].strip())
              .movePointRight(6)
              .setScale(0, RoundingMode.HALF_UP)
              .longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      loadNanos = -1;
    }
    if (loadNanos < 0) {
      throw new TraceFormatException(
          source,
          number,
          "load_ms must be a number of milliseconds >= 0: '" + fields[2].strip() + "'");
    }
    return new Access(model, bytes, loadNanos);
  }

  /** Writes a trace file that {@link #read(Path)} reads back to an equal trace. */
  public static void write(Trace trace, Path file) {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(trace, out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write trace " + file, e);
    }
  }

  /** Writes a trace as text: a comment naming it, the header, one line per access. */
  public static void write(Trace trace, Writer out) throws IOException {
    out.write("# trace " + trace.name() + ": " + trace.size() + " accesses\n");
    out.write(HEADER + "\n");
    for (Access a : trace.accesses()) {
      out.write(a.model() + "," + a.bytes() + "," + millis(a.loadNanos()) + "\n");
    }
  }

  private static String millis(long nanos) {
    return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
  }
}
