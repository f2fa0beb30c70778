// Xet end to end with the real @huggingface/hub (npm): uploadFile of files > 10 MB (the JS client
// offers "xet" in the LFS batch and uses it when the hub picks it), listFiles, downloadFile.
// Usage: node xet_js_roundtrip.mjs <input.json> with {module, endpoint, token, repo, capture}.
// Prints one JSON object. When "capture" is a directory, the xorb and shard bodies the client POSTs
// to the CAS are written there (a fetch wrapper: the client takes a custom fetch).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ctx = JSON.parse(readFileSync(process.argv[2], "utf8"));
const hub = await import(ctx.module);
const hubUrl = ctx.endpoint;
const accessToken = ctx.token;
const repo = ctx.repo;
const sha256 = (buf) => createHash("sha256").update(buf).digest("hex");

const posted = [];
async function capturingFetch(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const match = /\/v1\/(xorbs\/[^/]+\/([0-9a-f]{64})|shards)$/.exec(new URL(url).pathname);
  if (ctx.capture && match && init && init.method === "POST" && init.body) {
    const body = Buffer.from(await new Response(init.body).arrayBuffer());
    const kind = match[2] ? "xorb" : "shard";
    const name = `${kind}-${posted.length}${match[2] ? "-" + match[2] : ""}.bin`;
    mkdirSync(ctx.capture, { recursive: true });
    writeFileSync(join(ctx.capture, name), body);
    posted.push({ name, size: body.length });
    init = { ...init, body };
  }
  return fetch(input, init);
}

// 12 MB of seeded pseudo-random bytes (xorshift), and 11 MB of a repeated text block (its xorb is
// small: repeated chunks are stored once, and LZ4 shrinks text).
const random = Buffer.alloc(12 * 1000 * 1000 + 3);
let x = 0x2545f491;
for (let i = 0; i < random.length; i++) {
  x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
  random[i] = x & 0xff;
}
let block = "";
for (let i = 0; i < 4000; i++) block += `line ${i}: text uploaded by @huggingface/hub through Xet\n`;
const text = Buffer.from(block.repeat(Math.ceil((11 * 1000 * 1000) / block.length)));

const files = { "random.bin": random, "notes.txt": text };
const result = { files: {} };
for (const [path, content] of Object.entries(files)) {
  await hub.uploadFile({ repo, hubUrl, accessToken, fetch: capturingFetch, file: { path, content: new Blob([content]) } });
}
const entries = [];
for await (const e of hub.listFiles({ repo, hubUrl, accessToken })) entries.push(e);
for (const [path, content] of Object.entries(files)) {
  const entry = entries.find((e) => e.path === path);
  const blob = await hub.downloadFile({ repo, path, hubUrl, accessToken });
  const down = Buffer.from(await blob.arrayBuffer());
  result.files[path] = {
    size: content.length,
    sha256: sha256(content),
    lfs_oid: entry && entry.lfs ? entry.lfs.oid : null,
    xet_hash: entry ? entry.xetHash || null : null,
    downloaded_equal: Buffer.compare(down, content) === 0,
  };
}
result.posted = posted;
console.log(JSON.stringify(result));
