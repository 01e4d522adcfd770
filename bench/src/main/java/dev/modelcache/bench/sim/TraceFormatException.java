package dev.modelcache.bench.sim;

/**
 * A trace file line that cannot be read. The message names the source and the line number (from 1)
 * and quotes the offending text, so an operator can fix their export.
 */
public final class TraceFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;

  public TraceFormatException(String source, int line, String problem) {
    super(source + ":" + line + ": " + problem);
    this.source = source;
    this.line = line;
  }

  /** The file (or other source) name. */
  public String source() {
    return source;
  }

  /** The bad line's number, from 1. */
  public int line() {
    return line;
  }
}
