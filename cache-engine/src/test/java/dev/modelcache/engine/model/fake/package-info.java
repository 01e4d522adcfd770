/**
 * Local HTTP servers that speak the Hugging Face Hub's and MLflow's documented routes, with the
 * same response shapes and headers (the Hub's redirect of LFS files to a CDN host, its {@code
 * X-Linked-Etag}, {@code X-Repo-Commit} and {@code X-Error-Code} headers; MLflow's {@code
 * {"model_version": ...}} bodies, {@code RESOURCE_DOES_NOT_EXIST} errors and artifact proxy),
 * serving real model folders, with switches for faults. Published in cache-engine's test-jar so the
 * service's integration tests can start them too: {@link dev.modelcache.engine.model.fake.FakeHub}
 * and {@link dev.modelcache.engine.model.fake.FakeMlflow}.
 */
package dev.modelcache.engine.model.fake;
