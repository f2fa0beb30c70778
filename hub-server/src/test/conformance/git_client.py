"""Conformance calls of the git command line with git-lfs, same protocol as hf_client.py (system python3).

Usage: python3 git_client.py <input.json>
While the hub answers no git smart HTTP (GET <repo>.git/info/refs?service=git-upload-pack is 404), every
call is "pending" rather than failed. Each git runs with a fresh HOME, no prompts and no system config.
"""
import hashlib
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

with open(sys.argv[1]) as f:
    CTX = json.load(f)
E, USER, TOKEN, WORK, SEED = CTX["endpoint"], CTX["user"], CTX["token"], CTX["work"], CTX["seed"]
HOST = E.split("://", 1)[1]
HOME = os.path.join(WORK, "git-home")


class Fail(Exception):
    pass


def eq(actual, expected, what):
    if actual != expected:
        raise Fail(f"{what}: expected {expected!r}, got {actual!r}")


def url(repo, token=None):
    return f"http://{'user:' + token + '@' if token else ''}{HOST}/{repo}"


def git(*args, cwd=WORK, ok=True):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"HOME": HOME, "XDG_CONFIG_HOME": os.path.join(HOME, ".config"), "GIT_TERMINAL_PROMPT": "0",
                "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C", "GIT_ASKPASS": "", "SSH_ASKPASS": ""})
    p = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    if ok and p.returncode != 0:
        raise Fail(f"git {args[0]} failed ({p.returncode}): {(p.stderr + p.stdout)[-500:]}")
    return p


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def resolve_sha256(repo, path, token):
    req = urllib.request.Request(f"{E}/{repo}/resolve/main/{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return hashlib.sha256(r.read()).hexdigest()


def api(method, path, body):
    req = urllib.request.Request(E + path, method=method, data=json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


def check_tree(folder, files):
    found = sorted(os.path.relpath(os.path.join(r, n), folder).replace(os.sep, "/")
                   for r, dirs, names in os.walk(folder) for n in names if ".git" not in r.split(os.sep))
    eq(found, sorted(files), "checked-out files")
    for rel in found:
        eq(sha256_file(os.path.join(folder, rel)), files[rel]["sha256"], f"sha256 of {rel}")


_n = [0]


def fresh(name):
    _n[0] += 1
    return f"{name}-{_n[0]}"


def new_repo():
    _n[0] += 1
    repo = f"{USER}/git-{_n[0]}"
    api("POST", "/api/repos/create", {"name": repo.split("/")[1], "organization": USER, "type": "model"})
    return repo


def git_clone():
    d = fresh("clone")
    git("clone", url(SEED["model"]), d)
    check_tree(os.path.join(WORK, d), SEED["main_files"])
    return "LFS file smudged, every sha256 matches"


def git_clone_branch():
    d = fresh("clone-dev")
    git("clone", "--branch", "dev", url(SEED["model"]), d)
    check_tree(os.path.join(WORK, d), SEED["dev_files"])
    return "ok"


def git_clone_private_token():
    d = fresh("clone-private")
    git("clone", url(SEED["private"], CTX["seed_read_token"]), d)
    check_tree(os.path.join(WORK, d), SEED["private_files"])
    return "ok"


def git_clone_private_anonymous():
    p = git("clone", url(SEED["private"]), fresh("clone-anon"), ok=False)
    if p.returncode == 0:
        raise Fail("anonymous clone of a private repository succeeded")
    return "refused"


def git_fetch_tag():
    d = fresh("fetch")
    git("clone", url(SEED["model"]), d)
    git("checkout", "v1.0", cwd=os.path.join(WORK, d))
    eq(git("rev-parse", "HEAD", cwd=os.path.join(WORK, d)).stdout.strip(), SEED["v1_sha"], "v1.0")
    return "ok"


def push(lfs):
    repo = new_repo()
    d = os.path.join(WORK, fresh("push"))
    git("clone", url(repo, TOKEN), d)
    content = bytes((i * 13) % 256 for i in range(3 * 1024 * 1024)) if lfs else b"pushed with git\n"
    name = "pushed.bin" if lfs else "pushed.txt"
    with open(os.path.join(d, name), "wb") as f:
        f.write(content)
    git("add", name, cwd=d)
    git("commit", "-q", "-m", "push " + name, cwd=d)
    git("push", "origin", "main", cwd=d)
    eq(resolve_sha256(repo, name, TOKEN), hashlib.sha256(content).hexdigest(), "served content")
    if lfs:
        pointer = git("show", f"HEAD:{name}", cwd=d).stdout
        eq(pointer.startswith("version https://git-lfs.github.com/spec/v1"), True, "committed as an LFS pointer")
    return "ok"


CALLS = {
    "git_clone": git_clone,
    "git_clone_branch": git_clone_branch,
    "git_clone_private_token": git_clone_private_token,
    "git_clone_private_anonymous": git_clone_private_anonymous,
    "git_fetch_tag": git_fetch_tag,
    "git_push": lambda: push(False),
    "git_push_lfs": lambda: push(True),
}


def smart_http_served():
    try:
        with urllib.request.urlopen(f"{E}/{SEED['model']}.git/info/refs?service=git-upload-pack") as r:
            return r.status == 200
    except urllib.error.HTTPError:
        return False


def main():
    os.makedirs(HOME, exist_ok=True)
    with open(os.path.join(HOME, ".gitconfig"), "w") as f:
        f.write("[user]\n\tname = Conformance\n\temail = conformance@example.test\n"
                "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")
    version = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.split()[-1]
    lfs = subprocess.run(["git", "lfs", "version"], capture_output=True, text=True).stdout.split()[0]
    served = smart_http_served()
    if served:
        git("lfs", "install", "--skip-repo")
    with open(CTX["out"], "a") as out:
        out.write(json.dumps({"call": "_version", "status": "pass", "detail": f"{version} {lfs}"}) + "\n")
        for name in CTX.get("calls") or list(CALLS):
            if name not in CALLS:
                result = {"status": "unsupported", "detail": "no such call in git_client.py"}
            elif not served:
                result = {"status": "pending", "detail": "pending: git smart HTTP not merged"}
            else:
                try:
                    result = {"status": "pass", "detail": str(CALLS[name]())}
                except Fail as e:
                    result = {"status": "fail", "detail": str(e)[:600]}
                except Exception as e:  # noqa: BLE001
                    result = {"status": "fail", "detail": f"{type(e).__name__}: {str(e)[:500]}"}
            out.write(json.dumps({"call": name, **result}) + "\n")
            out.flush()


main()
