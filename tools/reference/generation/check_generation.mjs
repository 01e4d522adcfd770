// Independent check of the text-generation fixtures (fixtures/generation/*), using no code of
// tools/models/families/ and none of the Java engine:
//   * tokenizer.json is loaded by @huggingface/tokenizers (a separate JS implementation of the
//     Hugging Face tokenizers) and must give the reference input ids of every text and prompt,
//     and decode the reference tokens to the reference text;
//   * the ONNX graphs are run by ONNX Runtime (onnxruntime-node) in a greedy loop written here,
//     with the key/value cache (the merged graph, else decoder + decoder-with-past) and without
//     it (the whole sequence every step), and must give the reference tokens of every prompt.
//
// Usage, after `npm ci` in this folder:
//   node check_generation.mjs ../../../fixtures/generation/*
// Prints one table row per model and exits non-zero on any mismatch.

import fs from "node:fs";
import path from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import ort from "onnxruntime-node";

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));
const same = (a, b) => a.length === b.length && a.every((x, i) => Number(x) === Number(b[i]));

function int64(values, shape) {
  return new ort.Tensor("int64", BigInt64Array.from(values.map((v) => BigInt(v))), shape);
}

function emptyPast(session, name) {
  // Declared [batch, heads, length, head_dim] with fixed heads and head_dim.
  const meta = session.inputMetadata.find((m) => m.name === name);
  const dims = meta.shape;
  return new ort.Tensor("float32", new Float32Array(0), [1, dims[1], 0, dims[3]]);
}

function argmaxLast(logits) {
  const [, rows, vocab] = logits.dims;
  const base = (rows - 1) * vocab;
  let best = 0;
  for (let i = 1; i < vocab; i++) if (logits.data[base + i] > logits.data[base + best]) best = i;
  return best;
}

async function open(file) {
  return ort.InferenceSession.create(file, { intraOpNumThreads: 1, interOpNumThreads: 1 });
}

async function graphsOf(folder) {
  const dir = fs.existsSync(path.join(folder, "onnx")) ? path.join(folder, "onnx") : folder;
  const file = (name) => (fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : null);
  const g = {
    encoder: file("encoder_model.onnx"),
    merged: file("decoder_model_merged.onnx"),
    decoder: file("decoder_model.onnx"),
    withPast: file("decoder_with_past_model.onnx"),
  };
  const s = {};
  for (const [k, v] of Object.entries(g)) if (v) s[k] = await open(v);
  return s;
}

// One greedy generation as the fixtures' config asks (decoder start, forced bos/eos).
async function generate(s, config, gen, promptIds, maxNew, useCache) {
  const encDec = !!s.encoder;
  const eos = new Set([].concat(gen.eos_token_id ?? config.eos_token_id));
  const maxPositions = config.n_positions ?? config.max_position_embeddings;
  let encoded = null;
  if (encDec) {
    const out = await s.encoder.run({
      input_ids: int64(promptIds, [1, promptIds.length]),
      attention_mask: int64(promptIds.map(() => 1), [1, promptIds.length]),
    });
    encoded = out.last_hidden_state;
  }
  const tokens = encDec ? [gen.decoder_start_token_id ?? config.decoder_start_token_id] : [...promptIds];
  const generated = [];
  let past = null;
  for (let step = 0; step < maxNew; step++) {
    if (maxPositions && tokens.length >= maxPositions) break;
    const withPast = useCache && past !== null;
    const session = s.merged ?? (withPast ? s.withPast : s.decoder);
    const from = withPast ? tokens.length - 1 : 0;
    const feeds = {};
    for (const name of session.inputNames) {
      if (name === "input_ids") feeds[name] = int64(tokens.slice(from), [1, tokens.length - from]);
      else if (name === "attention_mask") feeds[name] = int64(tokens.map(() => 1), [1, tokens.length]);
      else if (name === "position_ids") {
        const p = [];
        for (let i = from; i < tokens.length; i++) p.push(i);
        feeds[name] = int64(p, [1, p.length]);
      } else if (name === "encoder_hidden_states") feeds[name] = encoded;
      else if (name === "encoder_attention_mask") feeds[name] = int64(promptIds.map(() => 1), [1, promptIds.length]);
      else if (name === "use_cache_branch") feeds[name] = new ort.Tensor("bool", [withPast], [1]);
      else if (name.startsWith("past_key_values.")) feeds[name] = withPast ? past[name] : emptyPast(session, name);
      else throw new Error(`unknown input ${name}`);
    }
    const out = await session.run(feeds);
    if (useCache) {
      const next = { ...(past ?? {}) };
      for (const [name, value] of Object.entries(out)) {
        if (!name.startsWith("present.")) continue;
        const pastName = "past_key_values." + name.slice("present.".length);
        if (pastName.includes(".encoder.") && past && past[pastName]) continue;
        next[pastName] = value;
      }
      past = next;
    }
    let token = argmaxLast(out.logits);
    const forcedBos = gen.forced_bos_token_id ?? config.forced_bos_token_id;
    const forcedEos = gen.forced_eos_token_id ?? config.forced_eos_token_id;
    if (encDec && step === 0 && forcedBos !== undefined) token = forcedBos;
    else if (step === maxNew - 1 && forcedEos !== undefined) token = forcedEos;
    tokens.push(token);
    generated.push(token);
    if (eos.has(token)) break;
  }
  return generated;
}

async function check(folder) {
  const name = path.basename(folder);
  const reference = readJson(path.join(folder, "reference.json"));
  const config = readJson(path.join(folder, "config.json"));
  const gen = readJson(path.join(folder, "generation_config.json"));
  const tokenizer = new Tokenizer(readJson(path.join(folder, "tokenizer.json")), {
    clean_up_tokenization_spaces: false,
  });
  const failures = [];
  let idCases = 0;
  for (const c of reference.token_cases) {
    idCases++;
    const ids = tokenizer.encode(c.text, { add_special_tokens: true }).ids;
    if (!same(ids, c.input_ids)) failures.push(`ids of ${JSON.stringify(c.text)}: ${ids} vs ${c.input_ids}`);
  }
  const s = await graphsOf(folder);
  let tokenCases = 0;
  for (const c of reference.generation_cases) {
    idCases++;
    const ids = tokenizer.encode(c.prompt, { add_special_tokens: true }).ids;
    if (!same(ids, c.prompt_ids)) failures.push(`ids of prompt ${c.prompt}: ${ids} vs ${c.prompt_ids}`);
    const text = tokenizer.decode(c.token_ids, { skip_special_tokens: true });
    if (text !== c.generated_text) failures.push(`text of ${c.prompt}: ${JSON.stringify(text)}`);
    for (const useCache of [true, false]) {
      const tokens = await generate(s, config, gen, c.prompt_ids, c.max_new_tokens, useCache);
      tokenCases++;
      if (!same(tokens, c.token_ids)) {
        failures.push(`greedy ${useCache ? "with" : "without"} cache, ${c.prompt}: ${tokens} vs ${c.token_ids}`);
      }
    }
  }
  const graphs = Object.keys(s).join(" + ");
  console.log(
    `| ${name} | ${reference.tokenizer} | ${idCases - failures.filter((f) => f.startsWith("ids")).length}/${idCases} |` +
      ` ${tokenCases - failures.filter((f) => f.startsWith("greedy")).length}/${tokenCases} | ${graphs} |`,
  );
  return failures;
}

const folders = process.argv.slice(2);
if (folders.length === 0) {
  console.error("usage: node check_generation.mjs <model folder>...");
  process.exit(2);
}
console.log("| model | tokenizer | token ids equal (JS) | greedy sequences equal (ORT node, cache on/off) | graphs |");
console.log("|---|---|---|---|---|");
let all = [];
for (const folder of folders) all = all.concat((await check(folder)).map((f) => `${path.basename(folder)}: ${f}`));
for (const f of all) console.error(f);
process.exit(all.length === 0 ? 0 : 1);
