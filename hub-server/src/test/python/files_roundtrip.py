"""Uploads and downloads with the real huggingface_hub: upload_folder, hf_hub_download, snapshot_download,
tree, paths-info, refs, commits, branches, tags, deletes, a stale parent commit, HfFileSystem.

Usage: python files_roundtrip.py <repo_id> <workdir>; prints one JSON object.
"""
import hashlib
import json
import os
import sys

from huggingface_hub import CommitOperationAdd, HfApi, HfFileSystem, hf_hub_download, snapshot_download
from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError, RevisionNotFoundError

repo_id, work = sys.argv[1], sys.argv[2]
api = HfApi()
out = {}


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


api.create_repo(repo_id, repo_type="dataset")
folder = os.path.join(work, "folder")
files = {
    "README.md": b"---\nlicense: mit\n---\n# Test data\n",
    "data/train.csv": b"a,b\n1,2\n",
    "data/nested/deep/values.txt": "h\u00e9llo w\u00f6rld\n".encode(),
    "data/weights.bin": bytes(range(256)) * 64,
    "images/pixel.png": b"\x89PNG\r\n\x1a\n" + bytes(100),
    "docs/empty.txt": b"",
}
for rel, content in files.items():
    path = os.path.join(folder, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(content)
commit = api.upload_folder(folder_path=folder, repo_id=repo_id, repo_type="dataset", commit_message="folder")
out["upload_folder_commit_is_sha"] = len(commit.oid) == 40
first_commit = commit.oid

downloads = {}
for rel, content in files.items():
    path = hf_hub_download(repo_id, rel, repo_type="dataset", cache_dir=os.path.join(work, "cache"))
    downloads[rel] = sha256(path) == hashlib.sha256(content).hexdigest()
out["downloads_match"] = downloads
snapshot = snapshot_download(repo_id, repo_type="dataset", cache_dir=os.path.join(work, "snapshot"))
out["snapshot_files"] = sorted(
    os.path.relpath(os.path.join(root, f), snapshot).replace(os.sep, "/")
    for root, _, names in os.walk(snapshot) for f in names)

tree = list(api.list_repo_tree(repo_id, repo_type="dataset", recursive=True, expand=True))
out["tree"] = sorted(
    [type(e).__name__, e.path, getattr(e, "size", None), getattr(e, "lfs", None) is not None,
     e.last_commit is not None and e.last_commit.title == "folder"] for e in tree)
top = list(api.list_repo_tree(repo_id, repo_type="dataset", path_in_repo="data/nested"))
out["tree_subdir"] = [e.path for e in top]
weights = next(e for e in tree if e.path == "data/weights.bin")
out["weights_lfs_sha256_matches"] = weights.lfs is not None and \
    weights.lfs.sha256 == hashlib.sha256(files["data/weights.bin"]).hexdigest()
infos = api.get_paths_info(repo_id, ["README.md", "data", "missing.txt"], repo_type="dataset", expand=True)
out["paths_info"] = sorted([type(i).__name__, i.path] for i in infos)

api.create_branch(repo_id, branch="dev", repo_type="dataset", revision=first_commit)
api.create_branch(repo_id, branch="dev", repo_type="dataset", exist_ok=True)
api.upload_file(path_or_fileobj=b"dev only\n", path_in_repo="dev.txt", repo_id=repo_id, repo_type="dataset",
                revision="dev")
api.create_tag(repo_id, tag="v1.0", repo_type="dataset", tag_message="first", revision=first_commit)
refs = api.list_repo_refs(repo_id, repo_type="dataset", include_pull_requests=True)
out["branches"] = sorted(b.name for b in refs.branches)
out["tags"] = [(t.name, t.target_commit == first_commit) for t in refs.tags]
out["pull_requests"] = refs.pull_requests
dev_path = hf_hub_download(repo_id, "dev.txt", repo_type="dataset", revision="dev",
                           cache_dir=os.path.join(work, "cache"))
out["download_at_branch"] = open(dev_path, "rb").read().decode()
tag_path = hf_hub_download(repo_id, "data/train.csv", repo_type="dataset", revision="v1.0",
                           cache_dir=os.path.join(work, "cache"))
out["download_at_tag"] = open(tag_path, "rb").read().decode()
try:
    hf_hub_download(repo_id, "dev.txt", repo_type="dataset", revision="v1.0", cache_dir=os.path.join(work, "c3"))
    out["missing_at_tag"] = "downloaded"
except EntryNotFoundError as e:
    out["missing_at_tag"] = type(e).__name__
try:
    hf_hub_download(repo_id, "dev.txt", repo_type="dataset", revision="nope", cache_dir=os.path.join(work, "c4"))
    out["unknown_revision"] = "downloaded"
except RevisionNotFoundError as e:
    out["unknown_revision"] = type(e).__name__

api.delete_file("data/train.csv", repo_id=repo_id, repo_type="dataset")
api.delete_folder("data/nested", repo_id=repo_id, repo_type="dataset")
out["files_after_deletes"] = sorted(api.list_repo_files(repo_id, repo_type="dataset"))
commits = api.list_repo_commits(repo_id, repo_type="dataset")
out["commit_titles"] = [c.title for c in commits]

try:
    api.create_commit(repo_id, repo_type="dataset", operations=[CommitOperationAdd("late.txt", b"late")],
                      commit_message="stale", parent_commit=first_commit)
    out["stale_parent"] = "committed"
except HfHubHTTPError as e:
    out["stale_parent"] = [type(e).__name__, e.response.status_code,
                           "The branch was updated since you opened this page" in str(e)]

fs = HfFileSystem()
out["fs_ls"] = sorted(fs.ls(f"datasets/{repo_id}/data", detail=False))
with fs.open(f"datasets/{repo_id}/data/weights.bin", "rb") as f:
    f.seek(1000)
    out["fs_ranged_read"] = f.read(10).hex()
out["fs_ranged_expected"] = files["data/weights.bin"][1000:1010].hex()
print(json.dumps(out))
