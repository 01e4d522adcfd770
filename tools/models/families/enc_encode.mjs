// Token ids of reference texts by @huggingface/tokenizers, a pure JavaScript implementation of
// Hugging Face tokenizers, independent of the Rust library the service uses (through DJL).
// make_enc_families.py runs the torch reference on these ids; the Java tests then require the
// service's own ids to be equal.
//
// Usage: node enc_encode.mjs <request.json>    (prints the answer as JSON on stdout)
//   request: {"tokenizer": "path/tokenizer.json", "max_length": 128,
//             "cases": [{"text": "...", "pair": "..." (optional)}]}
//   answer:  {"cases": [{"input_ids": [...], "token_type_ids": [...], "truncated": false}]}
//
// The JS library does not truncate, so this does what the Rust library does with truncation at
// max_length: single texts lose their last content tokens; pairs lose tokens of the first text
// only (strategy "only_first", as the zero-shot pipeline asks). Special tokens stay.

import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, "..", ".cache", "npm", "package.json"));
const { Tokenizer } = require("@huggingface/tokenizers");

const request = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const tokenizer = new Tokenizer(JSON.parse(fs.readFileSync(request.tokenizer, "utf8")), {});
const maxLength = request.max_length;

function ids(text, pair) {
  const options = { add_special_tokens: true, return_token_type_ids: true };
  if (pair !== undefined) options.text_pair = pair;
  const enc = tokenizer.encode(text, options);
  return { ids: enc.ids.map(Number), types: (enc.token_type_ids ?? enc.ids.map(() => 0)).map(Number) };
}

function content(text) {
  return tokenizer.encode(text, { add_special_tokens: false }).ids.map(Number);
}

// Where the content tokens of the first text sit in the full encoding.
function locate(full, first) {
  for (let at = 0; at + first.length <= full.length; at++) {
    if (first.every((id, k) => full[at + k] === id)) return at;
  }
  throw new Error(`content tokens not found in ${full}`);
}

function encode(c) {
  const full = ids(c.text, c.pair);
  if (full.ids.length <= maxLength) return { input_ids: full.ids, token_type_ids: full.types, truncated: false };
  const first = content(c.text);
  const at = locate(full.ids, first);
  const keep = first.length - (full.ids.length - maxLength);
  if (keep < 1) throw new Error(`cannot truncate ${JSON.stringify(c.text)} to ${maxLength}`);
  const cut = (xs) => [...xs.slice(0, at + keep), ...xs.slice(at + first.length)];
  return { input_ids: cut(full.ids), token_type_ids: cut(full.types), truncated: true };
}

process.stdout.write(JSON.stringify({ cases: request.cases.map(encode) }));
