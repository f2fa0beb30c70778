"""A 150 MB file through LFS multipart with the real huggingface_hub, then downloaded and hashed.

Usage: python large_file.py <repo_id> <workdir>; prints one JSON object.
"""
import hashlib
import json
import os
import random
import sys

from huggingface_hub import HfApi, hf_hub_download

repo_id, work = sys.argv[1], sys.argv[2]
api = HfApi()
api.create_repo(repo_id)
path = os.path.join(work, "model.safetensors")
rng = random.Random(4)
digest = hashlib.sha256()
with open(path, "wb") as f:
    for _ in range(150):
        block = rng.randbytes(1000 * 1000)
        digest.update(block)
        f.write(block)
os_size = os.path.getsize(path)
api.upload_file(path_or_fileobj=path, path_in_repo="weights/model.safetensors", repo_id=repo_id)
os.remove(path)
info = api.model_info(repo_id, files_metadata=True)
sibling = next(s for s in info.siblings if s.rfilename == "weights/model.safetensors")
downloaded = hf_hub_download(repo_id, "weights/model.safetensors", cache_dir=os.path.join(work, "cache"))
got = hashlib.sha256()
with open(downloaded, "rb") as f:
    for block in iter(lambda: f.read(1 << 20), b""):
        got.update(block)
print(json.dumps({
    "size": os_size,
    "sibling_size": sibling.size,
    "sibling_lfs_sha256_matches": sibling.lfs is not None and sibling.lfs.sha256 == digest.hexdigest(),
    "download_sha256_matches": got.hexdigest() == digest.hexdigest(),
    "download_size": os.path.getsize(downloaded),
    "gitattributes_tracks_it": "*.safetensors filter=lfs" in open(
        hf_hub_download(repo_id, ".gitattributes", cache_dir=os.path.join(work, "cache"))).read(),
}))
