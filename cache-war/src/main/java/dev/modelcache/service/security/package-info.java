/**
 * Who may call what, and how much: API keys and their roles, the endpoint areas they open, the
 * per-caller token buckets and the global concurrency limit, and the settings that configure them.
 * {@link dev.modelcache.service.security.SecurityService} is the one CDI bean that holds them, and
 * {@link dev.modelcache.service.security.Guard} runs the checks in order for every front door; the
 * HTTP glue (filters) lives in {@code dev.modelcache.service.rest.filters}.
 *
 * <p>Apart from that bean and MicroProfile Config, nothing here imports Jakarta EE: keys are
 * parsed, checked and counted by plain classes that unit tests drive with a fake clock. Secrets
 * never leave {@link dev.modelcache.service.security.ApiKeyParser}: only their SHA-256 digests are
 * kept.
 */
package dev.modelcache.service.security;
