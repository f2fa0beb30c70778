#!/usr/bin/env bash
# Clone benchmark (git-lfs.md §5): one fixture (FILES files, COMMITS commits) cloned with `git clone --bare`
# from the hub's smart HTTP (JGit), from `git daemon` (C git) and through file:// (C git, no network),
# RUNS times each; prints the median seconds. Client and servers share the machine: read ratios.
#
#   HUB_URL=http://127.0.0.1:8080 HUB_TOKEN=hf_... bench/git-clone.sh [FILES=5000] [COMMITS=2000] [RUNS=3]
#
# Without HUB_URL only the C git baselines run. The fixture is pushed to a new public repository of
# the token's user, as branch `bench` (the repository's main holds its initial commit). The hub does
# repack in the background after a push (with bitmaps), and the daemon's fixture is gc'd with bitmaps once.
#
# Results are kept in docs/benchmarks.md.
set -euo pipefail

FILES=${1:-5000}
COMMITS=${2:-2000}
RUNS=${3:-3}
PORT=${DAEMON_PORT:-9418}

work=$(mktemp -d)
daemon_pid=
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

export HOME="$work/home" GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 LC_ALL=C
mkdir -p "$HOME"
git config --global user.name bench
git config --global user.email bench@example.test
git config --global init.defaultBranch main

echo "fixture: $FILES files, $COMMITS commits"
python3 - "$FILES" "$COMMITS" > "$work/fixture.fi" <<'PY'
import random, sys
files, commits = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(5000)
out = sys.stdout.buffer
def text(n):
    return " ".join(str(rng.getrandbits(32)) for _ in range(n)).encode() + b"\n"
def data(b):
    out.write(b"data %d\n" % len(b)); out.write(b)
for c in range(1, commits + 1):
    out.write(b"commit refs/heads/bench\nmark :%d\n" % c)
    out.write(b"committer bench <bench@example.test> %d +0000\n" % (1700000000 + c))
    data(b"commit %d\n" % c)
    if c > 1:
        out.write(b"from :%d\n" % (c - 1))
    touched = range(files) if c == 1 else [rng.randrange(files) for _ in range(3)]
    for f in touched:
        out.write(b"M 100644 inline dir%02d/file%05d.txt\n" % (f % 50, f))
        data(text(20))
    out.write(b"\n")
PY
git init -q --bare "$work/fixture.git"
git -C "$work/fixture.git" fast-import --quiet < "$work/fixture.fi"
git -C "$work/fixture.git" symbolic-ref HEAD refs/heads/bench
git -C "$work/fixture.git" -c repack.writeBitmaps=true gc -q
echo "fixture pack: $(du -sh "$work/fixture.git/objects" | cut -f1)"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
clock() { python3 -c 'import time; print(time.monotonic())'; }

bench() { # name url
    local name=$1 url=$2 times=()
    for i in $(seq "$RUNS"); do
        rm -rf "$work/clone"
        local start end
        start=$(clock)
        git clone -q --bare "$url" "$work/clone"
        end=$(clock)
        times+=("$(python3 -c "print(round($end - $start, 3))")")
    done
    printf '%-28s median %6s s   runs: %s\n' "$name" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
}

git daemon --reuseaddr --base-path="$work" --export-all --listen=127.0.0.1 --port="$PORT" "$work/fixture.git" &
daemon_pid=$!
sleep 1

bench "file:// (C git)" "file://$work/fixture.git"
bench "git daemon (C git)" "git://127.0.0.1:$PORT/fixture.git"

if [ -n "${HUB_URL:-}" ]; then
    : "${HUB_TOKEN:?HUB_TOKEN is needed with HUB_URL}"
    user=$(curl -fsS -H "Authorization: Bearer $HUB_TOKEN" "$HUB_URL/api/whoami-v2" \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])')
    name="bench-$(date +%s)"
    curl -fsS -o /dev/null -H "Authorization: Bearer $HUB_TOKEN" -H "Content-Type: application/json" \
        -d "{\"name\":\"$name\"}" "$HUB_URL/api/repos/create"
    hub="${HUB_URL%/}/$user/$name"
    authed="${hub/:\/\//://bench:$HUB_TOKEN@}"
    start=$(clock)
    git -C "$work/fixture.git" push -q "$authed" bench
    end=$(clock)
    echo "push to the hub: $(python3 -c "print(round($end - $start, 2))") s"
    # The hub repacks a pushed pack with bitmaps in the background (GitMaintenance); give it time,
    # as a repository gets between a push and the clones that follow it.
    sleep "${SETTLE_SECONDS:-10}"
    bench "hub smart HTTP v2 (JGit)" "$hub"
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=protocol.version GIT_CONFIG_VALUE_0=0 \
        bench "hub smart HTTP v0 (JGit)" "$hub"
fi
