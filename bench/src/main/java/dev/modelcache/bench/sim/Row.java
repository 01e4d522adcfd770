package dev.modelcache.bench.sim;

/**
 * One replay in the report. Immutable.
 *
 * @param trace the trace's name
 * @param policy the contender's label
 * @param kind what the contender is
 * @param budgetFraction the budget as a fraction of the trace's distinct bytes, e.g. 0.1
 * @param result what the replay counted
 */
public record Row(
    String trace, String policy, Contender.Kind kind, double budgetFraction, RunResult result) {

  /** Whether this row is the same trace and budget as {@code other}. */
  boolean sameRun(Row other) {
    return trace.equals(other.trace) && budgetFraction == other.budgetFraction;
  }
}
