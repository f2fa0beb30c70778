"""Repository lifecycle with the real huggingface_hub: create (and exist_ok), info, settings, move, delete.

Usage: python repo_lifecycle.py <namespace> <name> <workdir>; prints one JSON object.
Needs HF_ENDPOINT, HF_TOKEN (write), HF_HOME and HF_HUB_DISABLE_XET=1 in the environment.
"""
import hashlib
import json
import os
import sys

from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.errors import RepositoryNotFoundError

namespace, name, work = sys.argv[1], sys.argv[2], sys.argv[3]
repo_id = f"{namespace}/{name}"
api = HfApi()
out = {}

url = api.create_repo(repo_id)
out["create_url"] = str(url)
out["create_repo_id"] = url.repo_id
out["exist_ok_url"] = str(api.create_repo(repo_id, exist_ok=True))
try:
    api.create_repo(repo_id)
    out["create_again"] = "no error"
except Exception as e:  # noqa: BLE001 - the test asserts the exact type
    out["create_again"] = type(e).__name__ + ":" + str(getattr(e.response, "status_code", ""))
out["repo_exists"] = api.repo_exists(repo_id)
out["repo_exists_missing"] = api.repo_exists(f"{namespace}/no-such-{name}")

info = api.upload_file(path_or_fileobj=b"hello hub\n", path_in_repo="notes.txt", repo_id=repo_id,
                       commit_message="add notes")
out["upload_oid_is_sha"] = len(info.oid) == 40
out["file_exists"] = api.file_exists(repo_id, "notes.txt")
out["file_exists_missing"] = api.file_exists(repo_id, "nope.txt")
model = api.model_info(repo_id, files_metadata=True)
out["info_id"] = model.id
out["info_sha_is_head"] = model.sha == info.oid
out["info_private"] = model.private
out["info_siblings"] = sorted((s.rfilename, s.size, s.blob_id) for s in model.siblings)
out["list_repo_files"] = api.list_repo_files(repo_id)

api.update_repo_settings(repo_id, private=True)
out["private_after_settings"] = api.model_info(repo_id).private
try:
    hf_hub_download(repo_id, "notes.txt", token=False, cache_dir=os.path.join(work, "anon-cache"))
    out["anonymous_private_download"] = "downloaded"
except RepositoryNotFoundError as e:
    out["anonymous_private_download"] = type(e).__name__
path = hf_hub_download(repo_id, "notes.txt", cache_dir=os.path.join(work, "cache1"))
out["owner_private_download"] = open(path, "rb").read().decode()
api.update_repo_settings(repo_id, private=False)

new_id = f"{namespace}/{name}-moved"
api.move_repo(repo_id, new_id)
out["repo_exists_new_name"] = api.repo_exists(new_id)
path = hf_hub_download(repo_id, "notes.txt", cache_dir=os.path.join(work, "cache2"))
out["download_by_old_name"] = hashlib.sha256(open(path, "rb").read()).hexdigest()
out["info_by_old_name"] = api.model_info(repo_id).id

api.delete_repo(new_id)
out["repo_exists_after_delete"] = api.repo_exists(new_id)
api.delete_repo(new_id, missing_ok=True)
try:
    api.delete_repo(new_id)
    out["delete_again"] = "no error"
except RepositoryNotFoundError as e:
    out["delete_again"] = type(e).__name__
print(json.dumps(out))
