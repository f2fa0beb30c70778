"""huggingface_hub (with hf_xet, HF_HUB_DISABLE_XET unset) against a hub that serves no Xet.

Usage: python xet_disabled_roundtrip.py <repo_id> <workdir>; prints one JSON object.
Uploads a 12 MB file given as a path (>= 1.20 tries Xet whatever the hub says) and, separately, as an
open binary file (huggingface_hub then takes the LFS batch path), then downloads what landed.
"""
import hashlib
import json
import os
import random
import sys

from huggingface_hub import HfApi, hf_hub_download

repo_id, work = sys.argv[1], sys.argv[2]
api = HfApi()
import hf_xet  # noqa: F401  (installed: the client would use Xet if it could)

data = random.Random(12).randbytes(12_000_000)
path = os.path.join(work, "model.bin")
with open(path, "wb") as f:
    f.write(data)
result = {"sha256": hashlib.sha256(data).hexdigest()}
try:
    api.upload_file(path_or_fileobj=path, path_in_repo="by-path.bin", repo_id=repo_id)
    result["by_path"] = "uploaded"
except Exception as e:  # noqa: BLE001
    result["by_path"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0] if str(e) else "")
with open(path, "rb") as f:
    api.upload_file(path_or_fileobj=f, path_in_repo="model.bin", repo_id=repo_id)
entry = next(e for e in api.list_repo_tree(repo_id) if e.path == "model.bin")
result["tree_lfs_oid"] = entry.lfs.sha256 if entry.lfs else None
result["tree_xet_hash"] = getattr(entry, "xet_hash", None)
down = hf_hub_download(repo_id, "model.bin", cache_dir=os.path.join(work, "cache"))
with open(down, "rb") as f:
    result["downloaded_sha256"] = hashlib.sha256(f.read()).hexdigest()
if result["by_path"] == "uploaded":
    down = hf_hub_download(repo_id, "by-path.bin", cache_dir=os.path.join(work, "cache"))
    with open(down, "rb") as f:
        result["by_path_downloaded_sha256"] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps(result))
