// The load benchmark's peer: what a user would write to serve a Hugging Face ONNX model from
// Node.js. A plain http server; each POST /predict is tokenised (@huggingface/tokenizers, the
// tokenizer Transformers.js uses) and run alone (onnxruntime-node, default session options) —
// no batching across requests, no cache. Same request and response fields as Model Cache.
//
// Usage: node server.mjs <port> <name>=<model folder> ...
// A folder holds model.onnx, tokenizer.json and config.json; a config with id2label makes a
// classifier (softmax over logits), otherwise the model embeds (mean pooling, L2 norm).
// sentence_bert_config.json's max_seq_length (else config's max_position_embeddings, else 512)
// caps the tokens per text.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import ort from "onnxruntime-node";

const readJson = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {});

async function loadModel(folder) {
  const tokenizerJson = readJson(path.join(folder, "tokenizer.json"));
  const config = readJson(path.join(folder, "config.json"));
  const sbert = readJson(path.join(folder, "sentence_bert_config.json"));
  const maxLength = sbert.max_seq_length ?? config.max_position_embeddings ?? 512;
  const tokenizer = new Tokenizer(tokenizerJson, {});
  const session = await ort.InferenceSession.create(path.join(folder, "model.onnx"));
  const labels = config.id2label
    ? Object.keys(config.id2label).sort((a, b) => a - b).map((k) => config.id2label[k])
    : null;
  return { tokenizer, session, maxLength, labels };
}

async function predict(model, text) {
  let ids = model.tokenizer.encode(text, { add_special_tokens: true }).ids.map(Number);
  if (ids.length > model.maxLength) ids = [...ids.slice(0, model.maxLength - 1), ids[ids.length - 1]];
  const n = ids.length;
  const feeds = {
    input_ids: new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [1, n]),
    attention_mask: new ort.Tensor("int64", new BigInt64Array(n).fill(1n), [1, n]),
  };
  if (model.session.inputNames.includes("token_type_ids")) {
    feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(n), [1, n]);
  }
  const out = await model.session.run(feeds);
  const first = out[model.session.outputNames[0]];
  if (model.labels) {
    const logits = Array.from(first.data);
    const max = Math.max(...logits);
    const exp = logits.map((x) => Math.exp(x - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    const scores = Object.fromEntries(model.labels.map((l, i) => [l, exp[i] / sum]));
    const best = logits.indexOf(max);
    return { prediction: model.labels[best], confidence: exp[best] / sum, scores };
  }
  const dim = first.dims[2];
  const v = new Float32Array(dim);
  for (let t = 0; t < n; t++) for (let d = 0; d < dim; d++) v[d] += first.data[t * dim + d];
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += (v[d] / n) ** 2;
  norm = Math.sqrt(norm);
  return { embedding: Array.from(v, (x) => x / n / Math.max(norm, 1e-12)) };
}

function reply(res, status, body) {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

const [port, ...specs] = process.argv.slice(2);
if (!port || specs.length === 0) {
  console.error("usage: node server.mjs <port> <name>=<model folder> ...");
  process.exit(2);
}
const models = {};
for (const spec of specs) {
  const [name, folder] = spec.split("=");
  models[name] = await loadModel(folder);
}

http
  .createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/predict") return reply(res, 404, { error: "not found" });
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const start = process.hrtime.bigint();
      try {
        const { text, model_name } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        const model = models[model_name];
        if (!model) return reply(res, 404, { error: `unknown model ${model_name}` });
        const result = await predict(model, text);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        reply(res, 200, { ...result, model_name, processing_time_ms: ms });
      } catch (e) {
        reply(res, 400, { error: String(e.message ?? e) });
      }
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`node peer listening on ${port}`));
