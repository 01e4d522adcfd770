package dev.modelcache.service.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The JAX-RS application at the context root, as the seed's clients expect. */
@ApplicationPath("/")
@OpenAPIDefinition(
    info =
        @Info(
            title = "Model Cache",
            version = "0.1.0",
            description =
                "Loads Hugging Face text models (ONNX) on demand under a memory budget and serves"
                    + " predictions and embeddings."))
public class RestApplication extends Application {}
