package dev.modelcache.engine.generation;

/**
 * Receives each token as soon as it is chosen, on the generating thread, before the next step runs.
 * An exception it throws (a client that went away) ends the generation and reaches the caller of
 * {@link Generator#generate}; the model's lease and native memory are released either way.
 */
@FunctionalInterface
public interface TokenListener {

  /** Does nothing: for answers sent in one piece. */
  TokenListener NONE = token -> {};

  void onToken(GeneratedToken token);
}
