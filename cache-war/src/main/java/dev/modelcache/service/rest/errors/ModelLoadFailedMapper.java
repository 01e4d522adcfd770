package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ModelLoadException;
import jakarta.ws.rs.ext.Provider;

/** Maps models whose files cannot be loaded (503). */
@Provider
public class ModelLoadFailedMapper extends ErrorMapper<ModelLoadException> {}
