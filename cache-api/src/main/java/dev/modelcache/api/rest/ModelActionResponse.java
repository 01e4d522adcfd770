package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * The answer to a preload or an unload.
 *
 * @param status {@code loaded}, {@code already_loaded}, {@code unloaded} or {@code not_loaded}
 * @param modelName the model
 * @param pinned whether it is pinned now
 * @param copiesOn for a preload with {@code copies} in a cluster: the members that hold the model
 *     now, this one first; null (left out of the JSON) otherwise
 */
public record ModelActionResponse(
    @JsonbProperty("status") String status,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("pinned") boolean pinned,
    @JsonbProperty("copies_on") List<String> copiesOn) {}
