// Conformance calls of @huggingface/hub (npm), same protocol as hf_client.py.
// Usage: node hub_js_client.mjs <input.json>; the input's "module" is the package's dist/index.mjs.
// Appends one JSON line per call to the input's "out" file: {call, status: pass|fail|unsupported, detail}.
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ctx = JSON.parse(readFileSync(process.argv[2], "utf8"));
const hub = await import(ctx.module);
const hubUrl = ctx.endpoint;
const accessToken = ctx.token;
const seed = ctx.seed;
const USER = ctx.user;

class Fail extends Error {}
class Unsupported extends Error {}

const sha256 = (buf) => createHash("sha256").update(Buffer.from(buf)).digest("hex");
const blobSha = async (blob) => sha256(new Uint8Array(await blob.arrayBuffer()));
const show = (v) => JSON.stringify(v);
function eq(actual, expected, what) {
  if (show(actual) !== show(expected)) throw new Fail(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
function check(cond, message) {
  if (!cond) throw new Fail(message);
}
async function collect(gen) {
  const out = [];
  for await (const x of gen) out.push(x);
  return out;
}
async function raises(fn, statusCode) {
  try {
    await fn();
  } catch (e) {
    if (e instanceof Fail) throw e;
    eq(e.constructor.name, "HubApiError", "error class");
    eq(e.statusCode, statusCode, "HubApiError status");
    return `HubApiError ${statusCode}`;
  }
  throw new Fail(`expected HubApiError ${statusCode}, nothing was raised`);
}
let counter = 0;
async function newRepo(prefix, type = "model") {
  counter += 1;
  const name = `${USER}/${prefix}-${counter}`;
  await hub.createRepo({ repo: { type, name }, hubUrl, accessToken });
  return name;
}
const mainFiles = Object.keys(seed.main_files).sort();
const big = Buffer.alloc(10 * 1024 * 1024 + 5);
for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) % 256;

const calls = {
  async whoAmI() {
    const me = await hub.whoAmI({ hubUrl, accessToken });
    eq([me.name, me.type], [USER, "user"], "name, type");
    return me.name;
  },
  async createRepo() {
    const name = `${USER}/js-created`;
    const res = await hub.createRepo({ repo: name, hubUrl, accessToken });
    eq(res.repoUrl, `${hubUrl}/${name}`, "repoUrl");
    check(typeof res.id === "string" && res.id.length > 0, `id: ${res.id}`);
    return res.repoUrl;
  },
  async createRepo_conflict() {
    const name = await newRepo("js-conflict");
    return raises(() => hub.createRepo({ repo: name, hubUrl, accessToken }), 409);
  },
  async uploadFiles() {
    const name = await newRepo("js-upload");
    const res = await hub.uploadFiles({
      repo: name, hubUrl, accessToken, commitTitle: "js upload",
      files: [
        { path: "small.txt", content: new Blob([Buffer.from("small file\n")]) },
        { path: "big.dat", content: new Blob([big]) },
      ],
    });
    check(/^[0-9a-f]{40}$/.test(res.commit.oid), `commit oid: ${res.commit.oid}`);
    const entries = await collect(hub.listFiles({ repo: name, hubUrl, accessToken }));
    const bigEntry = entries.find((e) => e.path === "big.dat");
    eq([bigEntry.size, bigEntry.lfs && bigEntry.lfs.oid], [big.length, sha256(big)], "big.dat size, lfs oid");
    const blob = await hub.downloadFile({ repo: name, path: "big.dat", hubUrl, accessToken });
    eq(await blobSha(blob), sha256(big), "downloaded big.dat");
    return `10 MiB + 5 bytes as an LFS file, uploaded ${bigEntry.xetHash ? "through Xet" : "through the LFS batch"}`;
  },
  async uploadFile() {
    const name = await newRepo("js-upload-file");
    await hub.uploadFile({ repo: name, hubUrl, accessToken, file: { path: "a/b.txt", content: new Blob(["b\n"]) } });
    const blob = await hub.downloadFile({ repo: name, path: "a/b.txt", hubUrl, accessToken });
    eq(await blob.text(), "b\n", "content");
    return "ok";
  },
  async listFiles() {
    const entries = await collect(hub.listFiles({ repo: seed.model, recursive: true, hubUrl, accessToken }));
    eq(entries.filter((e) => e.type === "file").map((e) => e.path).sort(), mainFiles, "files");
    eq(entries.filter((e) => e.type === "directory").map((e) => e.path).sort(), ["sub", "sub/dir"], "dirs");
    const w = entries.find((e) => e.path === "weights.bin");
    eq([w.size, w.lfs.oid], [seed.main_files["weights.bin"].size, seed.main_files["weights.bin"].sha256], "weights");
    return `${entries.length} entries`;
  },
  async listFiles_revision() {
    const entries = await collect(hub.listFiles({ repo: seed.model, revision: "dev", recursive: true, hubUrl }));
    eq(entries.filter((e) => e.type === "file").map((e) => e.path).sort(), Object.keys(seed.dev_files).sort(), "files");
    return "ok";
  },
  async downloadFile() {
    const blob = await hub.downloadFile({ repo: seed.model, path: "sub/dir/nested.txt", hubUrl });
    eq(await blobSha(blob), seed.main_files["sub/dir/nested.txt"].sha256, "sha256");
    return "ok";
  },
  async downloadFile_lfs() {
    const blob = await hub.downloadFile({ repo: seed.model, path: "weights.bin", revision: "v1.0", hubUrl });
    eq(await blobSha(blob), seed.v1_files["weights.bin"].sha256, "sha256");
    return "ok";
  },
  async downloadFile_private() {
    const blob = await hub.downloadFile({ repo: seed.private, path: "secret.txt", hubUrl,
      accessToken: ctx.seed_read_token });
    eq(await blobSha(blob), seed.private_files["secret.txt"].sha256, "sha256");
    return "ok";
  },
  async downloadFile_missing() {
    eq(await hub.downloadFile({ repo: seed.model, path: "missing.txt", hubUrl }), null, "result");
    return "null";
  },
  async fileDownloadInfo() {
    const info = await hub.fileDownloadInfo({ repo: seed.model, path: "weights.bin", hubUrl });
    eq([info.size, info.etag.replaceAll('"', "")], [seed.main_files["weights.bin"].size,
      seed.main_files["weights.bin"].sha256], "size, etag");
    return "ok";
  },
  async fileExists() {
    eq([await hub.fileExists({ repo: seed.model, path: "notes.txt", hubUrl }),
      await hub.fileExists({ repo: seed.model, path: "missing.txt", hubUrl })], [true, false], "exists, missing");
    return "ok";
  },
  async repoExists() {
    eq([await hub.repoExists({ repo: seed.model, hubUrl }),
      await hub.repoExists({ repo: `${USER}/no-such-repo`, hubUrl })], [true, false], "exists, missing");
    return "ok";
  },
  async modelInfo() {
    const info = await hub.modelInfo({ name: seed.model, hubUrl, additionalFields: ["sha", "author"] });
    eq([info.name, info.private, info.sha, info.author], [seed.model, false, seed.main_sha, seed.user],
      "name, private, sha, author");
    return "ok";
  },
  async modelInfo_missing() {
    return raises(() => hub.modelInfo({ name: `${USER}/no-such-model`, hubUrl, accessToken }), 404);
  },
  async datasetInfo() {
    const info = await hub.datasetInfo({ name: seed.dataset, hubUrl });
    eq([info.name, info.private], [seed.dataset, false], "name, private");
    return "ok";
  },
  async listModels() {
    const models = await collect(hub.listModels({ search: { owner: seed.user }, hubUrl }));
    eq(models.map((m) => m.name), [seed.model], "names");
    const found = await collect(hub.listModels({ search: { query: `${seed.user}/fixture-mod` }, hubUrl }));
    eq(found.map((m) => m.name), [seed.model], "search");
    return "ok";
  },
  async listDatasets() {
    const sets = await collect(hub.listDatasets({ search: { owner: seed.user }, hubUrl }));
    eq(sets.map((d) => d.name), [seed.dataset], "names");
    return "ok";
  },
  async listCommits() {
    const commits = await collect(hub.listCommits({ repo: seed.model, hubUrl }));
    eq(commits.slice(0, 2).map((c) => [c.oid, c.title]), [[seed.main_sha, seed.main_titles[0]],
      [seed.v1_sha, seed.main_titles[1]]], "newest two");
    return `${commits.length} commits`;
  },
  async deleteFile() {
    const name = await newRepo("js-delete");
    await hub.uploadFiles({ repo: name, hubUrl, accessToken, files: [
      { path: "a.txt", content: new Blob(["a"]) }, { path: "b.txt", content: new Blob(["b"]) }] });
    await hub.deleteFile({ repo: name, path: "a.txt", hubUrl, accessToken });
    const files = (await collect(hub.listFiles({ repo: name, hubUrl, accessToken }))).map((e) => e.path).sort();
    eq(files, [".gitattributes", "b.txt"], "files");
    return "ok";
  },
  async deleteRepo() {
    const name = await newRepo("js-delete-repo");
    await hub.deleteRepo({ repo: name, hubUrl, accessToken });
    eq(await hub.repoExists({ repo: name, hubUrl, accessToken }), false, "exists after");
    return "ok";
  },
  async createBranch() {
    const name = await newRepo("js-branch");
    await hub.createBranch({ repo: name, branch: "dev", hubUrl, accessToken });
    await hub.uploadFiles({ repo: name, branch: "dev", hubUrl, accessToken,
      files: [{ path: "dev.txt", content: new Blob(["dev"]) }] });
    eq(await hub.fileExists({ repo: name, path: "dev.txt", revision: "dev", hubUrl, accessToken }), true, "on dev");
    eq(await hub.fileExists({ repo: name, path: "dev.txt", hubUrl, accessToken }), false, "on main");
    await hub.deleteBranch({ repo: name, branch: "dev", hubUrl, accessToken });
    return "ok";
  },
  async snapshotDownload() {
    const dir = await hub.snapshotDownload({ repo: seed.model, hubUrl, cacheDir: join(ctx.work, "js-cache") });
    const found = [];
    const walk = (d) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else found.push(relative(dir, p));
      }
    };
    walk(dir);
    eq(found.sort(), mainFiles, "files");
    for (const rel of found) eq(sha256(readFileSync(join(dir, rel))), seed.main_files[rel].sha256, rel);
    check(dir.endsWith(seed.main_sha), `snapshot folder is the commit: ${dir}`);
    return "ok";
  },
  async pathsInfo() {
    const infos = await hub.pathsInfo({ repo: seed.model, paths: ["notes.txt", "sub"], revision: "v1.0", hubUrl });
    eq(infos.map((i) => [i.type, i.path]).sort(), [["directory", "sub"], ["file", "notes.txt"]], "entries");
    return "ok";
  },
};

const wanted = ctx.calls && ctx.calls.length ? ctx.calls : Object.keys(calls);
appendFileSync(ctx.out, JSON.stringify({ call: "_version", status: "pass", detail: ctx.version }) + "\n");
for (const name of wanted) {
  let result;
  if (!calls[name]) {
    result = { status: "unsupported", detail: "no such call in hub_js_client.mjs" };
  } else {
    try {
      result = { status: "pass", detail: String(await calls[name]()).slice(0, 300) };
    } catch (e) {
      if (e instanceof Unsupported) result = { status: "unsupported", detail: e.message };
      else if (e instanceof Fail) result = { status: "fail", detail: e.message.slice(0, 600) };
      else result = { status: "fail", detail: `${e.constructor.name}: ${String(e.message).slice(0, 500)}` };
    }
  }
  appendFileSync(ctx.out, JSON.stringify({ call: name, ...result }) + "\n");
}
