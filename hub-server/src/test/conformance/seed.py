"""Seeds the read-only fixture repositories every client of the conformance suite reads, and prints
what the clients must find there (commit ids, file sha256s, listings) as one JSON object.

Runs with huggingface_hub 2.4.0 (the acceptance suite's client) under HF_HUB_DISABLE_XET=1.
Usage: python seed.py <endpoint> <seed user> <seed write token>
"""
import hashlib
import json
import sys
import urllib.request

from huggingface_hub import CommitOperationAdd, HfApi

endpoint, user, token = sys.argv[1], sys.argv[2], sys.argv[3]
api = HfApi(endpoint=endpoint, token=token)
model, private, dataset = f"{user}/fixture-model", f"{user}/fixture-private", f"{user}/fixture-data"

weights = bytes((i * 7 + 3) % 256 for i in range(65536))
initial = {
    "config.json": b'{"model_type": "bert", "hidden_size": 8}\n',
    "README.md": b"---\nlicense: mit\n---\n# Fixture model\n",
    "notes.txt": b"hello conformance\n",
    "sub/dir/nested.txt": "n\u00e9sted f\u00efle\n".encode(),
    "weights.bin": weights,
}
later = {"later.txt": b"added on main after v1.0\n"}
dev = {"dev.txt": b"only on the dev branch\n"}
secret = {"secret.txt": b"private content\n"}
data = {"data/train.csv": b"text,label\nhello,1\nworld,0\n"}


def sha256(b):
    return hashlib.sha256(b).hexdigest()


def git_oid(b):
    return hashlib.sha1(b"blob %d\0" % len(b) + b).hexdigest()


def commit(repo, files, message, repo_type=None, revision=None):
    ops = [CommitOperationAdd(path_in_repo=p, path_or_fileobj=c) for p, c in files.items()]
    return api.create_commit(repo, operations=ops, commit_message=message, repo_type=repo_type,
                             revision=revision).oid


def fetch(url):
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return r.read()


api.create_repo(model)
v1 = commit(model, initial, "initial files")
api.create_tag(model, tag="v1.0", revision=v1, tag_message="first release")
api.create_branch(model, branch="dev", revision=v1)
dev_sha = commit(model, dev, "dev change", revision="dev")
main_sha = commit(model, later, "second commit")
attributes = fetch(f"{endpoint}/{model}/resolve/{main_sha}/.gitattributes")

api.create_repo(private, private=True)
private_sha = commit(private, secret, "secret")
api.create_repo(dataset, repo_type="dataset")
data_sha = commit(dataset, data, "data", repo_type="dataset")
data_attributes = fetch(f"{endpoint}/datasets/{dataset}/resolve/{data_sha}/.gitattributes")


def describe(files, attrs):
    out = {p: {"sha256": sha256(c), "size": len(c), "oid": git_oid(c)} for p, c in files.items()}
    out[".gitattributes"] = {"sha256": sha256(attrs), "size": len(attrs), "oid": git_oid(attrs)}
    return out


print(json.dumps({
    "user": user,
    "model": model, "private": private, "dataset": dataset,
    "main_sha": main_sha, "v1_sha": v1, "dev_sha": dev_sha, "private_sha": private_sha, "data_sha": data_sha,
    "main_files": describe({**initial, **later}, attributes),
    "v1_files": describe(initial, attributes),
    "dev_files": describe({**initial, **dev}, attributes),
    "private_files": describe(secret, attributes),
    "data_files": describe(data, data_attributes),
    "main_titles": ["second commit", "initial files"],
    "weights_range": {"offset": 1000, "length": 64, "sha256": sha256(weights[1000:1064])},
}))
