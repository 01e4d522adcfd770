/**
 * The eviction-policy simulator: replays access traces through every {@link
 * dev.modelcache.engine.cache.EvictionPolicy}, two offline references that see the future, and the
 * real {@link dev.modelcache.engine.cache.ModelCache} over fake models, and prints hit rate, byte
 * hit rate and load-time penalty per policy and budget.
 *
 * <p>Pieces: a trace ({@link dev.modelcache.bench.sim.Access}, {@link
 * dev.modelcache.bench.sim.Trace}, the CSV format of {@link dev.modelcache.bench.sim.TraceFile});
 * deterministic generators ({@link dev.modelcache.bench.sim.Workloads}); the replay with the
 * engine's semantics ({@link dev.modelcache.bench.sim.Simulator}); the offline references ({@link
 * dev.modelcache.bench.sim.OfflinePolicies}); the engine cross-check ({@link
 * dev.modelcache.bench.sim.EngineReplay}); and the report ({@link
 * dev.modelcache.bench.sim.SimulatorMain}).
 *
 * <p>Uses the engine's public API only (policies, admission rules, the cache, its loader and probe
 * interfaces); imports no Jakarta EE API and no ONNX Runtime. Single-threaded: every type here
 * belongs to one replay at a time unless it says otherwise.
 */
package dev.modelcache.bench.sim;
