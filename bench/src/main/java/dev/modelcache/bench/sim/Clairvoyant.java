package dev.modelcache.bench.sim;

/**
 * A policy that sees the future of the trace it is replayed on. The replay ({@link Simulator} or
 * {@link EngineReplay}) tells it where in the trace it is before each access is served.
 */
public interface Clairvoyant {

  /**
   * Access {@code index} (from 0) of the trace is about to be served; everything the policy is
   * asked until the next call happens while serving it.
   */
  void at(int index);
}
