package dev.modelcache.bench.jmh;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.modelcache.engine.inference.TextTokenizer;
import java.io.IOException;
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
 * Tokenisation with the models' own {@code tokenizer.json} (DJL's binding of the Rust library): one
 * sentence, and the 32 sentences of a full batch in one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenizerBenchmark {
  @Param({BenchModels.SPAM, BenchModels.MINILM})
  public String model;

  private TextTokenizer tokenizer;
  private List<String> one;

  @Setup(Level.Trial)
  public void load() throws IOException {
    tokenizer =
        TextTokenizer.load(BenchModels.repository().resolve(model).resolve("tokenizer.json"), 256);
    one = List.of(BenchModels.SENTENCES.get(5));
  }

  @TearDown(Level.Trial)
  public void close() {
    tokenizer.close();
  }

  @Benchmark
  public Encoding[] oneSentence() {
    return tokenizer.encode(one);
  }

  @Benchmark
  public Encoding[] thirtyTwoSentences() {
    return tokenizer.encode(BenchModels.SENTENCES);
  }
}
