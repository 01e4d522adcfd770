package dev.modelcache.bench.load;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The limit the service is measured against: ONNX Runtime and the Hugging Face tokenizer called
 * directly, in this process, on a corpus, with none of the service's code. Two figures:
 *
 * <ul>
 *   <li><b>sorted-batch throughput</b>: the corpus sorted by token length, cut into batches of
 *       {@code batch} texts, each padded to its longest text; texts per second, tokenisation
 *       included;
 *   <li><b>batch-1 latency</b>: each text alone, tokenise + infer, p50/p95/p99 in milliseconds.
 * </ul>
 *
 * <p>Usage: {@code RawLimit <model folder> <max tokens> <corpus file> <batch> <threads> <seconds>}.
 * The folder holds {@code model.onnx} and {@code tokenizer.json}. Prints a table and one {@code
 * RESULT} line with {@code key=value} pairs for scripts.
 */
public final class RawLimit {
  private RawLimit() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println(
          "usage: RawLimit <model folder> <max tokens> <corpus> <batch> <threads> <seconds>");
      System.exit(2);
    }
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
    Path folder = Path.of(args[0]);
    int maxTokens = Integer.parseInt(args[1]);
    List<String> corpus = Files.readAllLines(Path.of(args[2]));
    int batch = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    double seconds = Double.parseDouble(args[5]);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        HuggingFaceTokenizer tokenizer = tokenizer(folder, maxTokens)) {
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      try (OrtSession session =
          env.createSession(folder.resolve("model.onnx").toString(), options)) {
        boolean typeIds = session.getInputNames().contains("token_type_ids");
        Runner runner = new Runner(env, session, tokenizer, typeIds);

        List<String> sorted = new ArrayList<>(corpus);
        Map<String, Integer> lengths = new HashMap<>();
        for (String text : corpus) {
          lengths.put(text, tokenizer.encode(text).getIds().length);
        }
        sorted.sort(Comparator.comparingInt(lengths::get));
        runner.batches(sorted, batch, 1); // warm-up
        double sortedTps = runner.throughput(sorted, batch, seconds);
        double unsortedTps = runner.throughput(corpus, batch, seconds / 2);

        long[] nanos = runner.singles(corpus, seconds);
        Arrays.sort(nanos);
        double b1Tps = nanos.length / (Arrays.stream(nanos).sum() / 1e9);
        double p50 = percentile(nanos, 50);
        double p95 = percentile(nanos, 95);
        double p99 = percentile(nanos, 99);
        String name = folder.getFileName().toString();
        System.out.printf(
            Locale.ROOT,
            "raw ONNX Runtime + tokenizer, %s, %d thread(s), %d texts, max %d tokens%n"
                + "  sorted batch %-3d %8.1f texts/s%n"
                + "  unsorted batch %-3d %6.1f texts/s%n"
                + "  batch 1          %8.1f texts/s   p50 %.3f ms  p95 %.3f ms  p99 %.3f ms%n",
            name,
            threads,
            corpus.size(),
            maxTokens,
            batch,
            sortedTps,
            batch,
            unsortedTps,
            b1Tps,
            p50,
            p95,
            p99);
        System.out.printf(
            Locale.ROOT,
            "RESULT model=%s sorted_tps=%.1f unsorted_tps=%.1f b1_tps=%.1f b1_p50_ms=%.3f"
                + " b1_p95_ms=%.3f b1_p99_ms=%.3f%n",
            name,
            sortedTps,
            unsortedTps,
            b1Tps,
            p50,
            p95,
            p99);
      }
    }
  }

  private static HuggingFaceTokenizer tokenizer(Path folder, int maxTokens) throws IOException {
    return HuggingFaceTokenizer.builder()
        .optTokenizerPath(folder.resolve("tokenizer.json"))
        .optAddSpecialTokens(true)
        .optTruncation(true)
        .optMaxLength(maxTokens)
        .optPadding(true)
        .build();
  }

  private static double percentile(long[] sortedNanos, int p) {
    int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e6;
  }

  /** Tokenises and runs batches; reads every output value so nothing is skipped. */
  private static final class Runner {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final boolean typeIds;
    private double sink;

    Runner(
        OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer, boolean typeIds) {
      this.env = env;
      this.session = session;
      this.tokenizer = tokenizer;
      this.typeIds = typeIds;
    }

    /** Texts per second over whole passes of the corpus, for at least {@code seconds}. */
    double throughput(List<String> texts, int batch, double seconds) throws OrtException {
      long start = System.nanoTime();
      long done = 0;
      do {
        done += batches(texts, batch, 1);
      } while (System.nanoTime() - start < seconds * 1e9);
      return done / ((System.nanoTime() - start) / 1e9);
    }

    int batches(List<String> texts, int batch, int passes) throws OrtException {
      int done = 0;
      for (int pass = 0; pass < passes; pass++) {
        for (int from = 0; from < texts.size(); from += batch) {
          List<String> chunk = texts.subList(from, Math.min(texts.size(), from + batch));
          run(tokenizer.batchEncode(chunk));
          done += chunk.size();
        }
      }
      return done;
    }

    /** Each text alone, timed from tokenisation to the last output value read. */
    long[] singles(List<String> texts, double seconds) throws OrtException {
      List<Long> nanos = new ArrayList<>();
      long start = System.nanoTime();
      for (String text : texts) { // warm-up pass over a tenth of the corpus
        if (nanos.size() >= texts.size() / 10) {
          break;
        }
        run(new Encoding[] {tokenizer.encode(text)});
        nanos.add(0L);
      }
      nanos.clear();
      start = System.nanoTime();
      while (System.nanoTime() - start < seconds * 1e9) {
        for (String text : texts) {
          long t0 = System.nanoTime();
          run(new Encoding[] {tokenizer.encode(text)});
          nanos.add(System.nanoTime() - t0);
        }
      }
      return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    private void run(Encoding[] encodings) throws OrtException {
      int rows = encodings.length;
      int cols = encodings[0].getIds().length;
      LongBuffer ids = LongBuffer.allocate(rows * cols);
      LongBuffer mask = LongBuffer.allocate(rows * cols);
      LongBuffer types = LongBuffer.allocate(rows * cols);
      for (Encoding e : encodings) {
        ids.put(e.getIds());
        mask.put(e.getAttentionMask());
        types.put(e.getTypeIds());
      }
      ids.flip();
      mask.flip();
      types.flip();
      long[] shape = {rows, cols};
      Map<String, OnnxTensor> inputs = new HashMap<>();
      try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids, shape);
          OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask, shape);
          OnnxTensor typeTensor = OnnxTensor.createTensor(env, types, shape)) {
        inputs.put("input_ids", idTensor);
        inputs.put("attention_mask", maskTensor);
        if (typeIds) {
          inputs.put("token_type_ids", typeTensor);
        }
        try (OrtSession.Result result = session.run(inputs)) {
          OnnxTensor out = (OnnxTensor) result.get(0);
          java.nio.FloatBuffer values = out.getFloatBuffer();
          sink += values.get(values.limit() - 1);
        }
      }
    }
  }
}
