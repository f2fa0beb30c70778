#!/usr/bin/env bash
# Xet benchmark (issue 10): a SIZE_MIB random file uploaded and downloaded through hf_xet (the hub's
# Xet CAS) and another one of the same size through the LFS path (HF_HUB_DISABLE_XET=1), same run,
# same client (huggingface_hub with hf_xet); then the Xet file is edited in place (EDIT_BYTES in the
# middle) and uploaded again with the same HF_XET_CACHE: the bytes the CAS received for it (Prometheus
# counter hub_xet_xorb_received_bytes_total, all outcomes) over the file size is the re-upload share.
# Timings are inside the client process (import excluded); client and hub share the machine.
#
#   HUB_URL=http://127.0.0.1:8080 HUB_TOKEN=hf_... [PYTHON=.../venv/bin/python] bench/xet.sh [SIZE_MIB=1024] [EDIT_BYTES=4096]
#
# PYTHON needs huggingface_hub and hf_xet (default: hub-server/target/venv-hf-2.4.0, made by the
# tests). /actuator/prometheus must be reachable at HUB_URL. Results are kept in docs/benchmarks.md.
set -euo pipefail

SIZE_MIB=${1:-1024}
EDIT_BYTES=${2:-4096}
: "${HUB_URL:?HUB_URL is needed}"
: "${HUB_TOKEN:?HUB_TOKEN is needed}"
here=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$here/hub-server/target/venv-hf-2.4.0/bin/python}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset HF_HUB_DISABLE_XET HF_TOKEN HF_HOME HF_XET_CACHE
export HF_ENDPOINT=${HUB_URL%/} HF_HUB_DISABLE_TELEMETRY=1 HF_HUB_DISABLE_PROGRESS_BARS=1

cat > "$work/step.py" <<'PY'
import hashlib, json, os, random, sys, time
step, token = sys.argv[1], os.environ["BENCH_TOKEN"]
from huggingface_hub import HfApi, hf_hub_download
api = HfApi(token=token)
def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 22), b""):
            h.update(b)
    return h.hexdigest()
if step == "make":
    path, mib, seed = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(rng.randbytes(1 << 20))
elif step == "edit":
    path, n = sys.argv[2], int(sys.argv[3])
    with open(path, "r+b") as f:
        f.seek(os.path.getsize(path) // 2)
        f.write(random.Random(99).randbytes(n))
elif step == "repo":
    print(api.create_repo(sys.argv[2], private=True).repo_id)
elif step == "upload":
    repo, path, name = sys.argv[2:5]
    t = time.perf_counter()
    api.upload_file(path_or_fileobj=path, path_in_repo=name, repo_id=repo)
    print(json.dumps({"seconds": time.perf_counter() - t}))
elif step == "download":
    repo, name, cache, expected = sys.argv[2:6]
    t = time.perf_counter()
    got = hf_hub_download(repo, name, cache_dir=cache, token=token)
    seconds = time.perf_counter() - t
    assert sha(got) == expected, "downloaded bytes differ"
    print(json.dumps({"seconds": seconds}))
elif step == "sha":
    print(sha(sys.argv[2]))
PY
export BENCH_TOKEN=$HUB_TOKEN
py() { "$PYTHON" "$work/step.py" "$@"; }
seconds() { python3 -c 'import json,sys; print("%.2f" % json.loads(sys.stdin.read().strip().splitlines()[-1])["seconds"])'; }
received() {
    curl -fsS "$HF_ENDPOINT/actuator/prometheus" \
        | awk '/^hub_xet_xorb_received_bytes_total\{/ { s += $2 } END { printf "%.0f\n", s }'
}

echo "files: 2 x $SIZE_MIB MiB random; client: $("$PYTHON" -c 'import huggingface_hub as h, importlib.metadata as m; print("huggingface_hub", h.__version__, "hf_xet", m.version("hf_xet"))')"
py make "$work/xet.bin" "$SIZE_MIB" 1
py make "$work/lfs.bin" "$SIZE_MIB" 2
repo=$(py repo "xet-bench-$(date +%s)")
xet_sha=$(py sha "$work/xet.bin")
lfs_sha=$(py sha "$work/lfs.bin")
mkdir -p "$work/xet-cache"

export HF_XET_CACHE="$work/xet-cache" HF_HOME="$work/home-xet"
up_xet=$(py upload "$repo" "$work/xet.bin" xet.bin | seconds)
down_xet=$(HF_XET_CACHE="$work/xet-cache-down" py download "$repo" xet.bin "$work/cache-xet" "$xet_sha" | seconds)
up_lfs=$(HF_HUB_DISABLE_XET=1 HF_HOME="$work/home-lfs" py upload "$repo" "$work/lfs.bin" lfs.bin | seconds)
down_lfs=$(HF_HUB_DISABLE_XET=1 HF_HOME="$work/home-lfs" py download "$repo" lfs.bin "$work/cache-lfs" "$lfs_sha" | seconds)

py edit "$work/xet.bin" "$EDIT_BYTES"
before=$(received)
up_edit=$(py upload "$repo" "$work/xet.bin" xet.bin | seconds)
after=$(received)
bytes_edit=$((after - before))
size=$((SIZE_MIB * 1048576))

python3 - "$SIZE_MIB" "$up_xet" "$up_lfs" "$down_xet" "$down_lfs" "$EDIT_BYTES" "$up_edit" "$bytes_edit" "$size" <<'PY'
import sys
mib, ux, ul, dx, dl, edit, ue, be, size = sys.argv[1:]
mib, ux, ul, dx, dl, ue = int(mib), float(ux), float(ul), float(dx), float(dl), float(ue)
be, size = int(be), int(size)
def row(what, x, l):
    r = x / l
    return "| %s | %.2f s (%.0f MiB/s) | %.2f s (%.0f MiB/s) | %.2f | ≤ 1.5 | %s |" % (
        what, x, mib / x, l, mib / l, r, "yes" if r <= 1.5 else "NO")
print("| direction | Xet (hf_xet) | LFS (HF_HUB_DISABLE_XET=1) | Xet / LFS | target | met |")
print("|---|---|---|---|---|---|")
print(row("upload", ux, ul))
print(row("download", dx, dl))
share = 100.0 * be / size
print()
print("| re-upload after editing %s bytes in the middle | time | xorb bytes received by the CAS | share of the file | target | met |" % edit)
print("|---|---|---|---|---|---|")
print("| Xet, same HF_XET_CACHE | %.2f s | %d | %.4f %% | < 5 %% | %s |" % (ue, be, share, "yes" if share < 5 else "NO"))
PY
