// Independent check of generated model folders, using no code from this
// directory's Python scripts:
//   * tokenizer.json is loaded by @huggingface/tokenizers (a separate JS
//     implementation of HF tokenizers) and must reproduce reference input_ids;
//   * the ONNX file is run by ONNX Runtime (onnxruntime-node), alone and as one
//     right-padded batch of all reference texts, and must reproduce the
//     reference logits / embeddings computed by PyTorch.
//
// Usage (after the npm install shown in tools/models/README.md):
//   node tools/models/verify_reference.mjs fixtures/models/* models/spam-detector
//
// Exits non-zero on any mismatch.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, ".cache", "npm", "package.json"));
const { Tokenizer } = require("@huggingface/tokenizers");
const ort = require("onnxruntime-node");

const TOLERANCE = 1e-4;
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

// HF truncation of a single sequence: keep [CLS], the first max-2 tokens, [SEP].
function truncate(ids, maxLength) {
  if (ids.length <= maxLength) return ids;
  return [...ids.slice(0, maxLength - 1), ids[ids.length - 1]];
}

function int64Tensor(rows) {
  const width = rows[0].length;
  const flat = BigInt64Array.from(rows.flat().map((v) => BigInt(v)));
  return new ort.Tensor("int64", flat, [rows.length, width]);
}

// Masked mean over tokens, then L2 normalisation (same as reference.json).
function meanPoolNormalize(data, seq, hidden, row, length) {
  const out = new Array(hidden).fill(0);
  for (let t = 0; t < length; t++) {
    for (let h = 0; h < hidden; h++) out[h] += data[(row * seq + t) * hidden + h];
  }
  const norm = Math.sqrt(out.reduce((s, v) => s + (v / length) ** 2, 0));
  return out.map((v) => v / length / norm);
}

async function run(session, batchIds) {
  const seq = Math.max(...batchIds.map((ids) => ids.length));
  const padded = batchIds.map((ids) => [...ids, ...new Array(seq - ids.length).fill(0)]);
  const mask = batchIds.map((ids) => padded[0].map((_, i) => (i < ids.length ? 1 : 0)));
  const feeds = { input_ids: int64Tensor(padded), attention_mask: int64Tensor(mask) };
  if (session.inputNames.includes("token_type_ids")) {
    feeds.token_type_ids = int64Tensor(padded.map((row) => row.map(() => 0)));
  }
  const outputName = session.outputNames[0];
  const out = (await session.run(feeds))[outputName];
  const rows = [];
  for (let r = 0; r < batchIds.length; r++) {
    if (outputName === "logits") {
      const n = out.dims[1];
      rows.push(Array.from(out.data.slice(r * n, (r + 1) * n)));
    } else {
      rows.push(meanPoolNormalize(out.data, seq, out.dims[2], r, batchIds[r].length));
    }
  }
  return rows;
}

const maxDiff = (a, b) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

async function verify(dir) {
  const reference = readJson(path.join(dir, "reference.json"));
  const tokenizer = new Tokenizer(readJson(path.join(dir, "tokenizer.json")), {});
  const onnxFile = ["model.onnx", "onnx/model.onnx"].map((f) => path.join(dir, f)).find(fs.existsSync);
  const session = await ort.InferenceSession.create(onnxFile);
  const key = session.outputNames[0] === "logits" ? "logits" : "embedding";
  let failures = 0;

  for (const c of reference.cases) {
    const ids = truncate(tokenizer.encode(c.text).ids, reference.max_length);
    if (JSON.stringify(ids) !== JSON.stringify(c.input_ids)) {
      failures++;
      console.log(`  TOKENS DIFFER for ${JSON.stringify(c.text)}\n    js:  ${ids}\n    ref: ${c.input_ids}`);
    }
  }
  let worstAlone = 0;
  for (const c of reference.cases) {
    const [got] = await run(session, [c.input_ids]);
    worstAlone = Math.max(worstAlone, maxDiff(got, c[key]));
  }
  const batch = await run(session, reference.cases.map((c) => c.input_ids));
  const worstBatch = Math.max(...batch.map((got, i) => maxDiff(got, reference.cases[i][key])));
  if (worstAlone > TOLERANCE || worstBatch > TOLERANCE) failures++;
  console.log(`${dir}: ${reference.cases.length} cases, inputs [${session.inputNames}], ` +
              `max |ort - torch| ${key}: alone ${worstAlone.toExponential(2)}, ` +
              `padded batch ${worstBatch.toExponential(2)}${failures ? "  FAILED" : "  ok"}`);
  return failures;
}

let failures = 0;
for (const dir of process.argv.slice(2)) failures += await verify(dir);
process.exit(failures ? 1 : 0);
