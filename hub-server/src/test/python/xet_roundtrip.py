"""Xet end to end with the real huggingface_hub + hf_xet (HF_HUB_DISABLE_XET unset).

Usage: python xet_roundtrip.py upload <repo_id> <workdir>   uploads and prints one JSON object;
       python xet_roundtrip.py download <repo_id> <workdir>  downloads (run it with or without
       HF_HUB_DISABLE_XET=1) and prints one JSON object.
"""
import hashlib
import json
import os
import random
import sys

from huggingface_hub import HfApi, hf_hub_download, snapshot_download

mode, repo_id, work = sys.argv[1], sys.argv[2], sys.argv[3]
api = HfApi()
BIG = 70 * 1000 * 1000


def big_bytes():
    rng = random.Random(10)
    for _ in range(BIG // 1_000_000):
        yield rng.randbytes(1_000_000)


def sha256_of_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


if mode == "upload":
    import hf_xet  # noqa: F401  (the point: it is importable, so uploads go through Xet)
    big = os.path.join(work, "big.bin")
    with open(big, "wb") as f:
        for block in big_bytes():
            f.write(block)
    api.upload_file(path_or_fileobj=big, path_in_repo="big.bin", repo_id=repo_id)
    text = os.path.join(work, "notes.txt")
    with open(text, "w") as f:
        f.write("".join("line %d: Xet text upload through the hub\n" % i for i in range(300_000)))
    api.upload_file(path_or_fileobj=text, path_in_repo="notes.txt", repo_id=repo_id)
    folder = os.path.join(work, "folder")
    os.makedirs(os.path.join(folder, "sub"))
    with open(os.path.join(folder, "sub", "a.bin"), "wb") as f:
        f.write(random.Random(11).randbytes(3_000_000))
    with open(os.path.join(folder, "README.md"), "w") as f:
        f.write("# folder\n")
    api.upload_folder(folder_path=folder, path_in_repo="folder", repo_id=repo_id)
    files = {p.path: p for p in api.list_repo_tree(repo_id, recursive=True) if hasattr(p, "lfs")}
    print(json.dumps({
        "big_sha256": sha256_of_file(big),
        "text_sha256": sha256_of_file(text),
        "folder_bin_sha256": sha256_of_file(os.path.join(folder, "sub", "a.bin")),
        "tree_xet_hashes": {p: getattr(f, "xet_hash", None) for p, f in files.items()},
    }))
else:
    cache = os.path.join(work, "cache")
    big = hf_hub_download(repo_id, "big.bin", cache_dir=cache)
    text = hf_hub_download(repo_id, "notes.txt", cache_dir=cache)
    snapshot = snapshot_download(repo_id, cache_dir=os.path.join(work, "snapshot"))
    result = {
        "big_sha256": sha256_of_file(big),
        "text_sha256": sha256_of_file(text),
        "snapshot_bin_sha256": sha256_of_file(os.path.join(snapshot, "folder", "sub", "a.bin")),
        "snapshot_readme": open(os.path.join(snapshot, "folder", "README.md")).read(),
    }
    if os.environ.get("HF_HUB_DISABLE_XET") != "1":
        # Ranged stream reads through hf_xet: start, middle and end of the big file.
        from huggingface_hub import HfFileSystem
        fs = HfFileSystem()
        expected = b"".join(big_bytes())
        reads = {}
        for start, length in ((0, 1000), (BIG // 2 - 7, 300_000), (BIG - 1234, 1234)):
            with fs.open(f"{repo_id}/big.bin", "rb") as f:
                f.seek(start)
                reads[f"{start}+{length}"] = f.read(length) == expected[start:start + length]
        result["ranged_reads"] = reads
    print(json.dumps(result))
