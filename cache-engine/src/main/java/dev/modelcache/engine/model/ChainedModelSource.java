package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Tries sources in order; the first that has a model wins. Remembers which source located each
 * model it found (one entry per model found: names no source has are not kept), for {@link
 * #describe(ModelId)}.
 */
final class ChainedModelSource implements ModelSource {
  private final List<ModelSource> sources;
  private final Map<ModelId, ModelSource> foundBy = new ConcurrentHashMap<>();

  ChainedModelSource(List<ModelSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("at least one model source is required");
    }
    this.sources = List.copyOf(sources);
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    for (ModelSource source : sources) {
      Optional<ModelFiles> files = source.locate(id);
      if (files.isPresent()) {
        foundBy.put(id, source);
        return files;
      }
    }
    return Optional.empty();
  }

  @Override
  public List<ModelId> available() {
    TreeSet<ModelId> all = new TreeSet<>();
    sources.forEach(source -> all.addAll(source.available()));
    return new ArrayList<>(all);
  }

  @Override
  public String describe(ModelId id) {
    ModelSource source = foundBy.get(id);
    return source != null ? source.describe(id) : describe();
  }

  @Override
  public String describe() {
    return sources.stream().map(ModelSource::describe).collect(Collectors.joining(", "));
  }
}
