/**
 * Scale-out on Payara's Data Grid (Hazelcast): several instances that share one view of which
 * member holds which model, route each prediction to a member that holds its model (or places it on
 * one), forward over HTTP, and optionally share the response cache. Membership, failure detection
 * and the atomic claim of a placement are Hazelcast's; nothing here elects, gossips or votes.
 *
 * <p>Only {@link dev.modelcache.service.cluster.HazelcastGrid} imports Hazelcast; everything else
 * works on the small {@link dev.modelcache.service.cluster.Grid} interface, so that routing and
 * placement are tested with fakes and the service runs on servers without the grid (clustering is
 * then unavailable, said once at start-up). Off unless {@code MODEL_CACHE_CLUSTER=on}. Must not be
 * imported by the engine.
 */
package dev.modelcache.service.cluster;
