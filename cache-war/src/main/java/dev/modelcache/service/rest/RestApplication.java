package dev.modelcache.service.rest;

import dev.modelcache.service.health.HealthResource;
import dev.modelcache.service.rest.errors.ErrorMapper;
import dev.modelcache.service.rest.errors.UnexpectedMapper;
import dev.modelcache.service.rest.errors.UnreadableBodyMapper;
import dev.modelcache.service.rest.errors.WebApplicationMapper;
import dev.modelcache.service.rest.filters.AuditFilter;
import dev.modelcache.service.rest.filters.AuthenticationFilter;
import dev.modelcache.service.rest.filters.AuthorizationFilter;
import dev.modelcache.service.rest.filters.ConcurrencyFilter;
import dev.modelcache.service.rest.filters.RateLimitFilter;
import dev.modelcache.service.rest.json.StrictJsonReader;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The JAX-RS application at the context root, as the seed's clients expect. Lists its classes
 * rather than letting the runtime scan: the contract interfaces in {@code cache-api} carry
 * {@code @Path} too, and a scanner would take them for resources of their own.
 */
@ApplicationPath("/")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Model Cache",
            version = "0.1.0",
            description =
                "Loads Hugging Face text models (ONNX) on demand under a memory budget and serves"
                    + " predictions, embeddings and generated text."))
public class RestApplication extends Application {

  @Override
  public Set<Class<?>> getClasses() {
    return Set.of(
        PredictResource.class,
        GenerateResource.class,
        ModelsResource.class,
        CacheResource.class,
        HealthResource.class,
        AuthenticationFilter.class,
        AuthorizationFilter.class,
        RateLimitFilter.class,
        ConcurrencyFilter.class,
        AuditFilter.class,
        StrictJsonReader.PredictBody.class,
        StrictJsonReader.BatchBody.class,
        StrictJsonReader.GenerateBody.class,
        ErrorMapper.class,
        WebApplicationMapper.class,
        UnreadableBodyMapper.class,
        UnexpectedMapper.class);
  }
}
