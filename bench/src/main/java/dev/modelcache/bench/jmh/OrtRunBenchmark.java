package dev.modelcache.bench.jmh;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ONNX Runtime call on already tokenised texts ({@link LoadedModel#run}), at batch 1 and at a
 * length-sorted batch of 32, with decoding (softmax or pooling); and the raw batch-1 path the
 * service is measured against: tokenise one sentence and run it. Texts per second are {@code batch}
 * times the operations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OrtRunBenchmark {
  @Param({BenchModels.SPAM, BenchModels.MINILM})
  public String model;

  @Param({"1", "32"})
  public int batch;

  private LoadedModel loaded;
  private List<EncodedText> texts;
  private List<String> first;

  @Setup(Level.Trial)
  public void load() {
    loaded = BenchModels.loader().load(ModelId.of(model));
    List<EncodedText> sorted = new ArrayList<>(loaded.encode(BenchModels.SENTENCES));
    sorted.sort(Comparator.comparingInt(EncodedText::length));
    texts = List.copyOf(sorted.subList(0, batch));
    first = List.of(texts.get(0).text());
  }

  @TearDown(Level.Trial)
  public void close() {
    loaded.close();
  }

  @Benchmark
  public List<Inference> run() {
    return loaded.run(texts);
  }

  /** Tokenise and run one text: the raw batch-1 latency (only meaningful at batch 1). */
  @Benchmark
  public List<Inference> tokeniseAndRunOne() {
    return loaded.run(loaded.encode(first));
  }
}
