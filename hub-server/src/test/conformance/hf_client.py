"""Conformance calls of huggingface_hub, one script for every version (0.36 to 2.x).

Usage: python hf_client.py <input.json>
The input names the hub, this client's user and tokens, the seeded fixtures (what the calls must find:
commit ids, sha256s, listings) and the calls to run ([] = all). Each call runs in isolation: its own
repositories, its own cache, its exceptions caught. One JSON line per call is appended to the input's
"out" file: {"call", "status": "pass" | "fail" | "unsupported", "detail"}. "pass" means the result was
checked (content by sha256, exact fields, the exact exception class), not merely that nothing raised.
A call the installed version lacks is "unsupported" with the reason "not in this client version".
"""
import hashlib
import inspect
import io
import json
import os
import shutil
import sys
import traceback

with open(sys.argv[1]) as f:
    CTX = json.load(f)
os.environ["HF_ENDPOINT"] = CTX["endpoint"]
os.environ["HF_TOKEN"] = CTX["token"]

import huggingface_hub  # noqa: E402  (HF_ENDPOINT is read at import)
from huggingface_hub import HfApi, HfFileSystem, hf_hub_download, hf_hub_url, snapshot_download  # noqa: E402
from huggingface_hub import CommitOperationAdd, CommitOperationCopy, CommitOperationDelete  # noqa: E402
from huggingface_hub import errors as hf_errors  # noqa: E402

VERSION = huggingface_hub.__version__
E = CTX["endpoint"]
USER = CTX["user"]
SEED = CTX["seed"]
MODEL, PRIVATE, DATASET = SEED["model"], SEED["private"], SEED["dataset"]
SEED_READ = CTX["seed_read_token"]
WORK = CTX["work"]
api = HfApi(endpoint=E, token=CTX["token"])
anon = HfApi(endpoint=E, token=False)


class Fail(Exception):
    pass


class Unsupported(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Fail(message)


def eq(actual, expected, what):
    if actual != expected:
        raise Fail(f"{what}: expected {expected!r}, got {actual!r}")


def needs(obj, name):
    if not hasattr(obj, name):
        raise Unsupported("not in this client version")
    return getattr(obj, name)


def needs_param(fn, name):
    if name not in inspect.signature(fn).parameters:
        raise Unsupported(f"not in this client version (no {name}= parameter)")


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def raises(fn, class_name, status=None):
    """fn() must raise an exception with class_name in its MRO (and this HTTP status); returns the text."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what we check
        names = [c.__name__ for c in type(e).__mro__]
        if class_name not in names:
            raise Fail(f"expected {class_name}, got {type(e).__name__}: {str(e)[:300]}")
        if status is not None:
            response = getattr(e, "response", None)
            eq(getattr(response, "status_code", None), status, f"{type(e).__name__} status")
        return f"{type(e).__name__}" + (f" {status}" if status else "")
    raise Fail(f"expected {class_name}, nothing was raised")


_counter = [0]


def new_repo(call, repo_type=None, private=False, files=None):
    _counter[0] += 1
    repo = f"{USER}/{call.replace('_', '-')}-{_counter[0]}"
    api.create_repo(repo, repo_type=repo_type, private=private)
    if files:
        api.create_commit(repo, repo_type=repo_type, commit_message="seed",
                          operations=[CommitOperationAdd(p, c) for p, c in files.items()])
    return repo


def cache(call):
    return os.path.join(WORK, "cache", call)


def main_files():
    return sorted(SEED["main_files"])


def check_download(path, files, rel):
    eq(sha256_file(path), files[rel]["sha256"], f"sha256 of {rel}")


def check_snapshot(folder, files, expected_paths):
    found = sorted(os.path.relpath(os.path.join(r, n), folder).replace(os.sep, "/")
                   for r, _, names in os.walk(folder) for n in names
                   if not os.path.relpath(r, folder).replace(os.sep, "/").startswith(".cache"))
    eq(found, sorted(expected_paths), "snapshot files")
    for rel in found:
        check_download(os.path.join(folder, rel), files, rel)


def lfs_sha256(lfs):
    if lfs is None:
        return None
    return lfs["sha256"] if isinstance(lfs, dict) else lfs.sha256


CALLS = {}


def call(fn):
    CALLS[fn.__name__] = fn
    return fn


# ------------------------------------------------------------------ identity

@call
def whoami():
    me = api.whoami()
    eq(me["name"], USER, "name")
    eq(me["type"], "user", "type")
    return f"name={me['name']}"


@call
def whoami_invalid_token():
    def go():
        HfApi(endpoint=E, token="hf_" + "x" * 34).whoami()
    try:
        go()
    except Exception as e:  # noqa: BLE001 - 0.x raises requests' HTTPError, 1.x HfHubHTTPError
        eq(getattr(getattr(e, "response", None), "status_code", None), 401, "status")
        check("Invalid user token" in str(e), f"message: {str(e)[:200]}")
        return f"{type(e).__name__} 401"
    raise Fail("no error")


@call
def get_token_permission():
    fn = needs(api, "get_token_permission")
    eq(fn(), "write", "permission")
    return "write"


# ------------------------------------------------------------------ repository management

@call
def create_repo():
    name = f"{USER}/created-model"
    url = api.create_repo(name)
    eq(str(url), f"{E}/{name}", "url")
    eq(url.repo_id, name, "repo_id")
    eq(api.model_info(name).id, name, "model_info id")
    return str(url)


@call
def create_repo_dataset():
    name = f"{USER}/created-dataset"
    url = api.create_repo(name, repo_type="dataset")
    eq(str(url), f"{E}/datasets/{name}", "url")
    eq(url.repo_type, "dataset", "repo_type")
    eq(api.dataset_info(name).id, name, "dataset_info id")
    return str(url)


@call
def create_repo_private():
    name = f"{USER}/created-private"
    api.create_repo(name, private=True)
    eq(api.model_info(name).private, True, "private")
    raises(lambda: anon.model_info(name), "RepositoryNotFoundError")
    return "private, hidden from anonymous"


@call
def create_repo_exist_ok():
    name = new_repo("exist-ok")
    eq(str(api.create_repo(name, exist_ok=True)), f"{E}/{name}", "url")
    return "ok"


@call
def create_repo_conflict():
    name = new_repo("conflict")
    return raises(lambda: api.create_repo(name), "HfHubHTTPError", 409)


@call
def repo_exists():
    fn = needs(api, "repo_exists")
    eq(fn(MODEL), True, "fixture")
    eq(fn(f"{USER}/no-such-repo"), False, "missing")
    eq(fn(DATASET, repo_type="dataset"), True, "dataset")
    eq(anon.repo_exists(PRIVATE), False, "private, anonymous")
    return "ok"


@call
def delete_repo():
    name = new_repo("delete")
    api.delete_repo(name)
    eq(api.repo_exists(name), False, "exists after delete")
    return "ok"


@call
def delete_repo_missing():
    return raises(lambda: api.delete_repo(f"{USER}/never-created"), "RepositoryNotFoundError")


@call
def delete_repo_missing_ok():
    needs_param(api.delete_repo, "missing_ok")
    api.delete_repo(f"{USER}/never-created-2", missing_ok=True)
    return "ok"


@call
def move_repo():
    name = new_repo("move", files={"a.txt": b"a\n"})
    target = name + "-moved"
    api.move_repo(name, target)
    eq(api.repo_exists(target), True, "new name exists")
    eq(api.model_info(name).id, target, "old name redirects to")
    return target


@call
def update_repo_visibility():
    fn = needs(api, "update_repo_visibility")
    name = new_repo("visibility")
    fn(name, private=True)
    eq(api.model_info(name).private, True, "private")
    return "ok"


@call
def update_repo_settings():
    fn = needs(api, "update_repo_settings")
    name = new_repo("settings")
    fn(name, private=True)
    eq(api.model_info(name).private, True, "private after")
    fn(name, private=False)
    eq(anon.model_info(name).private, False, "public again")
    return "ok"


@call
def model_info():
    info = api.model_info(MODEL)
    eq(info.id, MODEL, "id")
    eq(info.sha, SEED["main_sha"], "sha")
    eq(info.private, False, "private")
    eq(sorted(s.rfilename for s in info.siblings), main_files(), "siblings")
    return f"sha={info.sha}"


@call
def model_info_revision():
    info = api.model_info(MODEL, revision="v1.0")
    eq(info.sha, SEED["v1_sha"], "sha")
    eq(sorted(s.rfilename for s in info.siblings), sorted(SEED["v1_files"]), "siblings")
    return "ok"


@call
def model_info_files_metadata():
    info = api.model_info(MODEL, files_metadata=True)
    got = {s.rfilename: (s.size, s.blob_id, lfs_sha256(s.lfs)) for s in info.siblings}
    for rel, f in SEED["main_files"].items():
        lfs = f["sha256"] if rel == "weights.bin" else None
        blob = got[rel][1] if rel == "weights.bin" else f["oid"]  # an LFS file's blob is its pointer's
        eq(got.get(rel), (f["size"], blob, lfs), rel)
    return "sizes, blob ids and lfs sha256 match"


@call
def model_info_missing():
    return raises(lambda: api.model_info(f"{USER}/no-such-model"), "RepositoryNotFoundError")


@call
def model_info_private_anonymous():
    return raises(lambda: anon.model_info(PRIVATE), "RepositoryNotFoundError")


@call
def model_info_private_token():
    info = HfApi(endpoint=E, token=SEED_READ).model_info(PRIVATE)
    eq((info.id, info.private, info.sha), (PRIVATE, True, SEED["private_sha"]), "id, private, sha")
    return "ok"


@call
def dataset_info():
    info = api.dataset_info(DATASET)
    eq((info.id, info.sha), (DATASET, SEED["data_sha"]), "id, sha")
    eq(sorted(s.rfilename for s in info.siblings), sorted(SEED["data_files"]), "siblings")
    return "ok"


@call
def repo_info():
    fn = needs(api, "repo_info")
    eq(fn(DATASET, repo_type="dataset").id, DATASET, "dataset id")
    eq(fn(MODEL).sha, SEED["main_sha"], "model sha")
    return "ok"


@call
def model_info_missing_revision():
    return raises(lambda: api.model_info(MODEL, revision="no-such-branch"), "RevisionNotFoundError")


# ------------------------------------------------------------------ listing, tree, refs, commits

@call
def list_repo_files():
    eq(sorted(api.list_repo_files(MODEL)), main_files(), "files")
    return "ok"


@call
def list_repo_files_revision():
    eq(sorted(api.list_repo_files(MODEL, revision="dev")), sorted(SEED["dev_files"]), "files at dev")
    return "ok"


@call
def list_repo_tree():
    fn = needs(api, "list_repo_tree")
    entries = list(fn(MODEL, recursive=True))
    files = {e.path: (getattr(e, "size", None), lfs_sha256(getattr(e, "lfs", None)))
             for e in entries if type(e).__name__ == "RepoFile"}
    folders = sorted(e.path for e in entries if type(e).__name__ == "RepoFolder")
    eq(folders, ["sub", "sub/dir"], "folders")
    eq(sorted(files), main_files(), "files")
    for rel, f in SEED["main_files"].items():
        eq(files[rel], (f["size"], f["sha256"] if rel == "weights.bin" else None), rel)
    return f"{len(entries)} entries"


@call
def list_repo_tree_path():
    fn = needs(api, "list_repo_tree")
    eq([(type(e).__name__, e.path) for e in fn(MODEL, path_in_repo="sub")], [("RepoFolder", "sub/dir")], "entries")
    return "ok"


@call
def list_repo_tree_expand():
    fn = needs(api, "list_repo_tree")
    entries = {e.path: e for e in fn(MODEL, expand=True)}
    notes, later = entries["notes.txt"].last_commit, entries["later.txt"].last_commit
    eq((notes.oid, notes.title), (SEED["v1_sha"], "initial files"), "notes.txt last commit")
    eq((later.oid, later.title), (SEED["main_sha"], "second commit"), "later.txt last commit")
    return "ok"


@call
def get_paths_info():
    fn = needs(api, "get_paths_info")
    infos = fn(MODEL, ["notes.txt", "sub", "missing.txt"], revision="v1.0")
    eq(sorted((type(i).__name__, i.path) for i in infos), [("RepoFile", "notes.txt"), ("RepoFolder", "sub")],
       "entries")
    return "ok"


@call
def file_exists():
    fn = needs(api, "file_exists")
    eq(fn(MODEL, "notes.txt"), True, "notes.txt")
    eq(fn(MODEL, "missing.txt"), False, "missing.txt")
    eq(fn(MODEL, "later.txt", revision="v1.0"), False, "later.txt at v1.0")
    return "ok"


@call
def revision_exists():
    fn = needs(api, "revision_exists")
    eq((fn(MODEL, "dev"), fn(MODEL, "v1.0"), fn(MODEL, "nope")), (True, True, False), "dev, v1.0, nope")
    return "ok"


@call
def list_repo_refs():
    refs = api.list_repo_refs(MODEL)
    eq(sorted((b.name, b.target_commit) for b in refs.branches),
       [("dev", SEED["dev_sha"]), ("main", SEED["main_sha"])], "branches")
    eq([(t.name, t.target_commit) for t in refs.tags], [("v1.0", SEED["v1_sha"])], "tags")
    return "ok"


@call
def list_repo_commits():
    fn = needs(api, "list_repo_commits")
    commits = fn(MODEL)
    eq([c.commit_id for c in commits[:2]], [SEED["main_sha"], SEED["v1_sha"]], "newest two ids")
    eq([c.title for c in commits[:2]], SEED["main_titles"], "newest two titles")
    return f"{len(commits)} commits"


@call
def list_repo_commits_revision():
    fn = needs(api, "list_repo_commits")
    commits = fn(MODEL, revision="dev")
    eq((commits[0].commit_id, commits[0].title), (SEED["dev_sha"], "dev change"), "head of dev")
    return "ok"


@call
def create_branch():
    name = new_repo("branch", files={"a.txt": b"a\n"})
    head = api.model_info(name).sha
    api.create_branch(name, branch="feature", revision=head)
    refs = api.list_repo_refs(name)
    eq(sorted((b.name, b.target_commit) for b in refs.branches), [("feature", head), ("main", head)], "branches")
    return "ok"


@call
def create_branch_exists():
    name = new_repo("branch-exists")
    api.create_branch(name, branch="feature")
    api.create_branch(name, branch="feature", exist_ok=True)
    return raises(lambda: api.create_branch(name, branch="feature"), "HfHubHTTPError", 409)


@call
def delete_branch():
    name = new_repo("delete-branch")
    api.create_branch(name, branch="feature")
    api.delete_branch(name, branch="feature")
    eq([b.name for b in api.list_repo_refs(name).branches], ["main"], "branches")
    return "ok"


@call
def create_tag():
    name = new_repo("tag", files={"a.txt": b"a\n"})
    head = api.model_info(name).sha
    api.create_tag(name, tag="v2", tag_message="two")
    eq([(t.name, t.target_commit) for t in api.list_repo_refs(name).tags], [("v2", head)], "tags")
    return "ok"


@call
def create_tag_exists():
    name = new_repo("tag-exists")
    api.create_tag(name, tag="v2")
    return raises(lambda: api.create_tag(name, tag="v2"), "HfHubHTTPError", 409)


@call
def delete_tag():
    name = new_repo("delete-tag")
    api.create_tag(name, tag="v2")
    api.delete_tag(name, tag="v2")
    eq(api.list_repo_refs(name).tags, [], "tags")
    return "ok"


@call
def list_models_author():
    eq([m.id for m in api.list_models(author=SEED["user"])], [MODEL], "ids")
    return "ok"


@call
def list_models_search():
    eq([m.id for m in api.list_models(search=SEED["user"] + "/fixture-mod")], [MODEL], "ids")
    return "ok"


@call
def list_models_limit():
    models = list(api.list_models(author=USER, limit=1))
    eq(len(models), 1, "count")
    return "ok"


@call
def list_datasets_author():
    eq([d.id for d in api.list_datasets(author=SEED["user"])], [DATASET], "ids")
    return "ok"


# ------------------------------------------------------------------ downloads

@call
def hf_hub_url_call():
    eq(hf_hub_url(MODEL, "sub/dir/nested.txt"), f"{E}/{MODEL}/resolve/main/sub/dir/nested.txt", "url")
    eq(hf_hub_url(DATASET, "data/train.csv", repo_type="dataset", revision="v1"),
       f"{E}/datasets/{DATASET}/resolve/v1/data/train.csv", "dataset url")
    return "ok"


@call
def get_hf_file_metadata():
    from huggingface_hub import get_hf_file_metadata as meta
    m = meta(hf_hub_url(MODEL, "notes.txt"))
    f = SEED["main_files"]["notes.txt"]
    eq((m.commit_hash, m.etag, m.size), (SEED["main_sha"], f["oid"], f["size"]), "commit, etag, size")
    w = meta(hf_hub_url(MODEL, "weights.bin", revision="v1.0"))
    f = SEED["main_files"]["weights.bin"]
    eq((w.commit_hash, w.etag, w.size), (SEED["v1_sha"], f["sha256"], f["size"]), "LFS commit, etag, size")
    return "ok"


@call
def hf_hub_download_call():
    check_download(hf_hub_download(MODEL, "notes.txt", cache_dir=cache("dl")), SEED["main_files"], "notes.txt")
    return "ok"


@call
def hf_hub_download_lfs():
    check_download(hf_hub_download(MODEL, "weights.bin", cache_dir=cache("lfs")), SEED["main_files"], "weights.bin")
    return "ok"


@call
def hf_hub_download_subfolder():
    path = hf_hub_download(MODEL, "nested.txt", subfolder="sub/dir", cache_dir=cache("sub"))
    check_download(path, SEED["main_files"], "sub/dir/nested.txt")
    return "ok"


@call
def hf_hub_download_branch():
    check_download(hf_hub_download(MODEL, "dev.txt", revision="dev", cache_dir=cache("br")),
                   SEED["dev_files"], "dev.txt")
    return "ok"


@call
def hf_hub_download_tag():
    check_download(hf_hub_download(MODEL, "notes.txt", revision="v1.0", cache_dir=cache("tag")),
                   SEED["v1_files"], "notes.txt")
    return raises(lambda: hf_hub_download(MODEL, "later.txt", revision="v1.0", cache_dir=cache("tag")),
                  "EntryNotFoundError")


@call
def hf_hub_download_commit():
    path = hf_hub_download(MODEL, "weights.bin", revision=SEED["v1_sha"], cache_dir=cache("sha"))
    check_download(path, SEED["v1_files"], "weights.bin")
    check(SEED["v1_sha"] in path, f"snapshot folder named after the commit: {path}")
    return "ok"


@call
def hf_hub_download_local_dir():
    target = os.path.join(WORK, "local-dir")
    path = hf_hub_download(MODEL, "sub/dir/nested.txt", local_dir=target, cache_dir=cache("ld"))
    eq(os.path.abspath(path), os.path.abspath(os.path.join(target, "sub", "dir", "nested.txt")), "path")
    check_download(path, SEED["main_files"], "sub/dir/nested.txt")
    return "ok"


@call
def hf_hub_download_dataset():
    path = hf_hub_download(DATASET, "data/train.csv", repo_type="dataset", cache_dir=cache("ds"))
    check_download(path, SEED["data_files"], "data/train.csv")
    return "ok"


@call
def hf_hub_download_cached():
    path = hf_hub_download(MODEL, "config.json", revision="v1.0", cache_dir=cache("cached"))
    again = hf_hub_download(MODEL, "config.json", revision="v1.0", cache_dir=cache("cached"), local_files_only=True)
    eq(again, path, "local_files_only path")
    from huggingface_hub import try_to_load_from_cache
    eq(try_to_load_from_cache(MODEL, "config.json", cache_dir=cache("cached"), revision="v1.0"), path,
       "try_to_load_from_cache")
    check_download(again, SEED["v1_files"], "config.json")
    return "ok"


@call
def hf_hub_download_missing_file():
    return raises(lambda: hf_hub_download(MODEL, "missing.txt", cache_dir=cache("m1")), "EntryNotFoundError")


@call
def hf_hub_download_missing_revision():
    return raises(lambda: hf_hub_download(MODEL, "notes.txt", revision="no-such-branch", cache_dir=cache("m2")),
                  "RevisionNotFoundError")


@call
def hf_hub_download_missing_repo():
    return raises(lambda: hf_hub_download(f"{USER}/no-such-repo", "notes.txt", cache_dir=cache("m3")),
                  "RepositoryNotFoundError")


@call
def hf_hub_download_private_token():
    path = hf_hub_download(PRIVATE, "secret.txt", token=SEED_READ, cache_dir=cache("p1"))
    check_download(path, SEED["private_files"], "secret.txt")
    return "ok"


@call
def hf_hub_download_private_anonymous():
    return raises(lambda: hf_hub_download(PRIVATE, "secret.txt", token=False, cache_dir=cache("p2")),
                  "RepositoryNotFoundError")


@call
def snapshot_download_call():
    folder = snapshot_download(MODEL, cache_dir=cache("snap"))
    check_snapshot(folder, SEED["main_files"], main_files())
    check(folder.endswith(SEED["main_sha"]), f"snapshot folder is the commit: {folder}")
    return "ok"


@call
def snapshot_download_allow_patterns():
    folder = snapshot_download(MODEL, allow_patterns=["*.txt"], cache_dir=cache("snap-allow"))
    check_snapshot(folder, SEED["main_files"], [p for p in main_files() if p.endswith(".txt")])
    return "ok"


@call
def snapshot_download_tag():
    folder = snapshot_download(MODEL, revision="v1.0", cache_dir=cache("snap-tag"))
    check_snapshot(folder, SEED["v1_files"], sorted(SEED["v1_files"]))
    return "ok"


@call
def snapshot_download_local_dir():
    target = os.path.join(WORK, "snap-local")
    folder = snapshot_download(MODEL, local_dir=target, revision="dev", cache_dir=cache("snap-local"))
    eq(os.path.abspath(folder), os.path.abspath(target), "folder")
    check_snapshot(folder, SEED["dev_files"], sorted(SEED["dev_files"]))
    return "ok"


@call
def snapshot_download_dataset():
    folder = snapshot_download(DATASET, repo_type="dataset", cache_dir=cache("snap-ds"))
    check_snapshot(folder, SEED["data_files"], sorted(SEED["data_files"]))
    return "ok"


@call
def snapshot_download_private_token():
    folder = snapshot_download(PRIVATE, token=SEED_READ, cache_dir=cache("snap-p"))
    check_snapshot(folder, SEED["private_files"], sorted(SEED["private_files"]))
    return "ok"


# ------------------------------------------------------------------ uploads and commits

def roundtrip(repo, rel, content, revision=None, repo_type=None):
    path = hf_hub_download(repo, rel, revision=revision, repo_type=repo_type, cache_dir=cache("rt"))
    eq(sha256_file(path), sha256(content), f"downloaded {rel}")


@call
def upload_file():
    repo = new_repo("upload")
    info = api.upload_file(path_or_fileobj=b"hello\n", path_in_repo="hello.txt", repo_id=repo,
                           commit_message="add hello")
    eq(len(info.oid), 40, "commit oid length")
    eq(api.model_info(repo).sha, info.oid, "head")
    eq(api.list_repo_commits(repo)[0].title, "add hello", "title")
    roundtrip(repo, "hello.txt", b"hello\n")
    return info.oid


@call
def upload_file_path():
    repo = new_repo("upload-path")
    local = os.path.join(WORK, "upload-path.txt")
    with open(local, "wb") as f:
        f.write(b"from a path\n")
    api.upload_file(path_or_fileobj=local, path_in_repo="dir/from-path.txt", repo_id=repo)
    roundtrip(repo, "dir/from-path.txt", b"from a path\n")
    return "ok"


@call
def upload_file_fileobj():
    repo = new_repo("upload-fileobj")
    api.upload_file(path_or_fileobj=io.BytesIO(b"file object\n"), path_in_repo="obj.txt", repo_id=repo)
    roundtrip(repo, "obj.txt", b"file object\n")
    return "ok"


@call
def upload_file_dataset():
    repo = new_repo("upload-ds", repo_type="dataset")
    api.upload_file(path_or_fileobj=b"a,b\n1,2\n", path_in_repo="data.csv", repo_id=repo, repo_type="dataset")
    roundtrip(repo, "data.csv", b"a,b\n1,2\n", repo_type="dataset")
    return "ok"


XET = os.environ.get("HF_HUB_DISABLE_XET", "") not in ("1", "true", "True", "yes")


def check_transport(repo, path):
    """Xet columns must have stored the upload through the Xet CAS (the tree's xetHash), LFS columns must not."""
    import urllib.request
    req = urllib.request.Request(f"{E}/api/models/{repo}/tree/main", headers={"Authorization": f"Bearer {CTX['token']}"})
    with urllib.request.urlopen(req) as r:
        entry = next(e for e in json.load(r) if e["path"] == path)
    eq(bool(entry.get("xetHash")), XET, f"{path} stored through Xet (tree xetHash)")
    return "through Xet" if XET else "through LFS"


@call
def upload_file_lfs():
    repo = new_repo("upload-lfs")
    content = bytes(i % 251 for i in range(200_000))
    api.upload_file(path_or_fileobj=content, path_in_repo="model.bin", repo_id=repo)
    entry = next(e for e in api.list_repo_tree(repo) if e.path == "model.bin")
    eq((entry.size, lfs_sha256(entry.lfs)), (len(content), sha256(content)), "size, lfs sha256")
    roundtrip(repo, "model.bin", content)
    return "LFS by .gitattributes pattern, " + check_transport(repo, "model.bin")


@call
def upload_file_over_10mb():
    repo = new_repo("upload-big")
    content = (bytes(range(256)) * 4096) * 10 + b"tail"  # 10 MiB + 4 bytes: LFS by size
    api.upload_file(path_or_fileobj=content, path_in_repo="big.dat", repo_id=repo)
    entry = next(e for e in api.list_repo_tree(repo) if e.path == "big.dat")
    eq((entry.size, lfs_sha256(entry.lfs)), (len(content), sha256(content)), "size, lfs sha256")
    roundtrip(repo, "big.dat", content)
    return "LFS by size, " + check_transport(repo, "big.dat")


@call
def upload_file_branch():
    repo = new_repo("upload-branch")
    api.create_branch(repo, branch="dev")
    api.upload_file(path_or_fileobj=b"dev\n", path_in_repo="dev.txt", repo_id=repo, revision="dev")
    eq(api.file_exists(repo, "dev.txt"), False, "on main")
    roundtrip(repo, "dev.txt", b"dev\n", revision="dev")
    return "ok"


@call
def upload_file_readme():
    repo = new_repo("upload-readme")
    readme = b"---\nlicense: apache-2.0\ntags:\n- conformance\n---\n# Card\n"
    api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    roundtrip(repo, "README.md", readme)
    return "ok"


@call
def model_info_card_data():
    repo = new_repo("card-data")
    readme = b"---\nlicense: apache-2.0\ntags:\n- conformance\n---\n# Card\n"
    api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo)
    info = api.model_info(repo)
    if info.card_data is None and not info.tags:
        raise Unsupported("server: the hub does not derive cardData and tags from README.md yet")
    eq(info.card_data["license"], "apache-2.0", "card_data license")
    check("conformance" in info.tags, f"tags: {info.tags}")
    return "ok"


@call
def upload_file_read_token():
    repo = new_repo("upload-ro")
    ro = HfApi(endpoint=E, token=CTX["read_token"])
    return raises(lambda: ro.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt", repo_id=repo),
                  "HfHubHTTPError", 403)


@call
def upload_file_missing_repo():
    return raises(lambda: api.upload_file(path_or_fileobj=b"x", path_in_repo="x.txt",
                                          repo_id=f"{USER}/no-such-repo"), "RepositoryNotFoundError")


def make_folder(name, files):
    root = os.path.join(WORK, "folders", name)
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(content)
    return root


FOLDER = {"a.txt": b"a\n", "nested/b.txt": b"b\n", "nested/deep/c.bin": bytes(range(256)) * 8, "d.md": b"# d\n"}


@call
def upload_folder():
    repo = new_repo("folder")
    info = api.upload_folder(folder_path=make_folder("f1", FOLDER), repo_id=repo, commit_message="folder")
    eq(sorted(api.list_repo_files(repo)), sorted([".gitattributes", *FOLDER]), "files")
    eq(api.list_repo_commits(repo)[0].title, "folder", "title")
    check(str(info).startswith(f"{E}/{repo}/tree/main") or hasattr(info, "oid"), f"returned {info!r}")
    roundtrip(repo, "nested/deep/c.bin", FOLDER["nested/deep/c.bin"])
    return "ok"


@call
def upload_folder_path_in_repo():
    repo = new_repo("folder-path")
    api.upload_folder(folder_path=make_folder("f2", FOLDER), path_in_repo="sub", repo_id=repo)
    eq(sorted(api.list_repo_files(repo)), sorted([".gitattributes", *("sub/" + p for p in FOLDER)]), "files")
    return "ok"


@call
def upload_folder_allow_patterns():
    repo = new_repo("folder-allow")
    api.upload_folder(folder_path=make_folder("f3", FOLDER), repo_id=repo, allow_patterns=["*.txt"],
                      ignore_patterns=["nested/*"])
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "a.txt"], "files")
    return "ok"


@call
def upload_folder_delete_patterns():
    repo = new_repo("folder-delete", files={"old.log": b"old\n", "keep.txt": b"keep\n"})
    api.upload_folder(folder_path=make_folder("f4", {"new.txt": b"new\n"}), repo_id=repo, delete_patterns=["*.log"])
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "keep.txt", "new.txt"], "files")
    return "ok"


@call
def upload_folder_dataset():
    repo = new_repo("folder-ds", repo_type="dataset")
    api.upload_folder(folder_path=make_folder("f5", FOLDER), repo_id=repo, repo_type="dataset")
    eq(sorted(api.list_repo_files(repo, repo_type="dataset")), sorted([".gitattributes", *FOLDER]), "files")
    return "ok"


@call
def create_commit():
    repo = new_repo("commit", files={"gone.txt": b"gone\n", "stay.txt": b"stay\n"})
    info = api.create_commit(repo, commit_message="mixed", commit_description="add and delete", operations=[
        CommitOperationAdd("new.txt", b"new\n"), CommitOperationAdd("w.bin", b"\0" * 1000),
        CommitOperationDelete("gone.txt")])
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "new.txt", "stay.txt", "w.bin"], "files")
    eq(info.oid, api.model_info(repo).sha, "head")
    eq(info.commit_url, f"{E}/{repo}/commit/{info.oid}", "commit_url")
    roundtrip(repo, "w.bin", b"\0" * 1000)
    return info.oid


@call
def create_commit_copy():
    content = bytes(range(256)) * 16
    repo = new_repo("copy", files={"orig.bin": content})
    api.create_commit(repo, commit_message="copy", operations=[CommitOperationCopy("orig.bin", "copy.bin")])
    roundtrip(repo, "copy.bin", content)
    return "ok"


@call
def create_commit_delete_folder():
    repo = new_repo("commit-del-folder", files={"d/a.txt": b"a", "d/e/b.txt": b"b", "keep.txt": b"k"})
    api.create_commit(repo, commit_message="rm", operations=[CommitOperationDelete("d/", is_folder=True)])
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "keep.txt"], "files")
    return "ok"


@call
def create_commit_parent_commit():
    repo = new_repo("parent", files={"a.txt": b"a"})
    head = api.model_info(repo).sha
    info = api.create_commit(repo, commit_message="on head", parent_commit=head,
                             operations=[CommitOperationAdd("b.txt", b"b")])
    eq(api.list_repo_commits(repo)[1].commit_id, head, "parent")
    eq(api.model_info(repo).sha, info.oid, "head")
    return "ok"


@call
def create_commit_stale_parent():
    repo = new_repo("stale", files={"a.txt": b"a"})
    old = api.model_info(repo).sha
    api.upload_file(path_or_fileobj=b"b", path_in_repo="b.txt", repo_id=repo)
    return raises(lambda: api.create_commit(repo, commit_message="stale", parent_commit=old,
                                            operations=[CommitOperationAdd("c.txt", b"c")]), "HfHubHTTPError", 412)


@call
def create_commit_missing_revision():
    repo = new_repo("commit-norev")
    return raises(lambda: api.create_commit(repo, commit_message="x", revision="no-such-branch",
                                            operations=[CommitOperationAdd("c.txt", b"c")]), "RevisionNotFoundError")


@call
def delete_file():
    repo = new_repo("delete-file", files={"a.txt": b"a", "b.txt": b"b"})
    api.delete_file("a.txt", repo)
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "b.txt"], "files")
    eq(api.list_repo_commits(repo)[0].title, "Delete a.txt with huggingface_hub", "title")
    return "ok"


@call
def delete_file_missing():
    repo = new_repo("delete-missing")
    return raises(lambda: api.delete_file("nope.txt", repo), "EntryNotFoundError")


@call
def delete_folder():
    repo = new_repo("delete-folder", files={"d/a.txt": b"a", "d/e/b.txt": b"b", "keep.txt": b"k"})
    api.delete_folder("d", repo)
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "keep.txt"], "files")
    return "ok"


@call
def delete_files():
    fn = needs(api, "delete_files")
    repo = new_repo("delete-files", files={"a.log": b"a", "d/b.log": b"b", "keep.txt": b"k", "x.txt": b"x"})
    fn(repo, delete_patterns=["*.log", "x.txt"])
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "keep.txt"], "files")
    return "ok"


# ------------------------------------------------------------------ HfFileSystem

def fs(token=None):
    return HfFileSystem(endpoint=E, token=token) if token is not None else HfFileSystem(endpoint=E)


@call
def fs_ls():
    eq(sorted(fs().ls(f"{MODEL}/sub", detail=False)), [f"{MODEL}/sub/dir"], "ls sub")
    top = {e["name"]: (e["type"], e["size"]) for e in fs().ls(MODEL, detail=True)}
    expected = {f"{MODEL}/{p}": ("file", f["size"]) for p, f in SEED["main_files"].items() if "/" not in p}
    expected[f"{MODEL}/sub"] = ("directory", 0)
    eq(top, expected, "ls root")
    return "ok"


@call
def fs_ls_dataset_revision():
    eq(fs().ls(f"datasets/{DATASET}@{SEED['data_sha']}/data", detail=False),
       [f"datasets/{DATASET}@{SEED['data_sha']}/data/train.csv"], "ls")
    return "ok"


@call
def fs_glob():
    eq(sorted(fs().glob(f"{MODEL}/**/*.txt")),
       sorted(f"{MODEL}/{p}" for p in SEED["main_files"] if p.endswith(".txt")), "glob")
    return "ok"


@call
def fs_exists():
    h = fs()
    eq((h.exists(f"{MODEL}/notes.txt"), h.exists(f"{MODEL}/missing.txt"), h.isdir(f"{MODEL}/sub")),
       (True, False, True), "exists, missing, isdir")
    return "ok"


@call
def fs_info():
    info = fs().info(f"{MODEL}/weights.bin")
    f = SEED["main_files"]["weights.bin"]
    eq((info["type"], info["size"], lfs_sha256(info.get("lfs"))), ("file", f["size"], f["sha256"]), "info")
    return "ok"


@call
def fs_cat():
    eq(sha256(fs().cat_file(f"{MODEL}/sub/dir/nested.txt")), SEED["main_files"]["sub/dir/nested.txt"]["sha256"],
       "sha256")
    return "ok"


@call
def fs_open_range():
    r = SEED["weights_range"]
    with fs().open(f"{MODEL}/weights.bin", "rb") as f:
        f.seek(r["offset"])
        eq(sha256(f.read(r["length"])), r["sha256"], "range sha256")
    return "ok"


@call
def fs_read_revision():
    h = fs()
    eq(sha256(h.read_bytes(f"{MODEL}@dev/dev.txt")), SEED["dev_files"]["dev.txt"]["sha256"], "at dev")
    eq(h.exists(f"{MODEL}@v1.0/later.txt"), False, "later.txt at v1.0")
    return "ok"


@call
def fs_private():
    eq(sha256(fs(SEED_READ).read_bytes(f"{PRIVATE}/secret.txt")), SEED["private_files"]["secret.txt"]["sha256"],
       "with token")
    try:
        fs(False).ls(PRIVATE)
    except FileNotFoundError:
        return "FileNotFoundError without a token"
    raise Fail("anonymous ls of a private repo did not raise FileNotFoundError")


@call
def fs_put_file():
    repo = new_repo("fs-put")
    local = os.path.join(WORK, "fs-put.txt")
    with open(local, "wb") as f:
        f.write(b"through the file system\n")
    fs().put_file(local, f"{repo}/put/it.txt")
    roundtrip(repo, "put/it.txt", b"through the file system\n")
    return "ok"


@call
def fs_write():
    repo = new_repo("fs-write")
    with fs().open(f"{repo}/w.txt", "wb") as f:
        f.write(b"written\n")
    roundtrip(repo, "w.txt", b"written\n")
    return "ok"


@call
def fs_rm():
    repo = new_repo("fs-rm", files={"a.txt": b"a", "b.txt": b"b"})
    fs().rm(f"{repo}/a.txt")
    eq(sorted(api.list_repo_files(repo)), [".gitattributes", "b.txt"], "files")
    return "ok"


# ------------------------------------------------------------------ runner

def run(name):
    fn = CALLS[name]
    try:
        return {"status": "pass", "detail": str(fn())[:300]}
    except Unsupported as e:
        return {"status": "unsupported", "detail": str(e)}
    except Fail as e:
        return {"status": "fail", "detail": str(e)[:600]}
    except Exception as e:  # noqa: BLE001 - any other error fails the call, with where it came from
        tb = traceback.extract_tb(e.__traceback__)
        where = next((f"{os.path.basename(t.filename)}:{t.lineno}" for t in reversed(tb)
                      if t.filename == __file__), "")
        return {"status": "fail", "detail": f"{type(e).__name__}: {str(e)[:500]} ({where})"}


def public_name(name):
    return name[:-len("_call")] if name.endswith("_call") else name


if __name__ == "__main__":
    wanted = CTX.get("calls") or [public_name(n) for n in CALLS]
    by_public = {public_name(n): n for n in CALLS}
    os.makedirs(WORK, exist_ok=True)
    with open(CTX["out"], "a") as out:
        out.write(json.dumps({"call": "_version", "status": "pass", "detail": VERSION}) + "\n")
        for name in wanted:
            if name not in by_public:
                result = {"status": "unsupported", "detail": "no such call in hf_client.py"}
            else:
                result = run(by_public[name])
            out.write(json.dumps({"call": name, **result}) + "\n")
            out.flush()
            shutil.rmtree(os.path.join(WORK, "cache"), ignore_errors=True)
