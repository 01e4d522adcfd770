package dev.modelcache.engine.generation;

/**
 * The generator's counters since start, as one snapshot.
 *
 * @param requests generations admitted
 * @param tokens tokens generated, over all of them
 * @param rejected generations refused because {@code maxGenerations} were running
 * @param timedOut generations that ran out of time
 * @param inProgress generations running now
 * @param maxGenerations how many may run at once
 * @param stepSlots decoder steps that may run at once
 */
public record GeneratorStats(
    long requests,
    long tokens,
    long rejected,
    long timedOut,
    int inProgress,
    int maxGenerations,
    int stepSlots) {}
