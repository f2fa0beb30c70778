"""Conformance calls of transformers and datasets (latest, no torch), same protocol as hf_client.py.

Usage: python ml_client.py <input.json>; the input's "family" is "transformers" or "datasets".
The script builds its own fixtures with the huggingface_hub that came with the libraries:
- transformers: a tiny BERT-style config.json and a WordLevel tokenizer made with `tokenizers`, in a
  public and a private model repository, with a tag v1 (the first commit), a branch dev (a larger
  vocabulary) and main moved on (another hidden_size); AutoConfig and AutoTokenizer load each.
- datasets: one dataset repository with the same rows as CSV and as Parquet (README config "csv"), a
  Parquet-only one for the default config, and private ones; load_dataset compares rows exactly.
"""
import json
import os
import sys
import traceback

with open(sys.argv[1]) as f:
    CTX = json.load(f)
os.environ["HF_ENDPOINT"] = CTX["endpoint"]
os.environ.pop("HF_TOKEN", None)

from huggingface_hub import CommitOperationAdd, HfApi  # noqa: E402

E, USER, TOKEN, WORK = CTX["endpoint"], CTX["user"], CTX["token"], CTX["work"]
api = HfApi(endpoint=E, token=TOKEN)


class Fail(Exception):
    pass


class Unsupported(Exception):
    pass


def eq(actual, expected, what):
    if actual != expected:
        raise Fail(f"{what}: expected {expected!r}, got {actual!r}")


def raises(fn, class_name):
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the class is what we check
        names = [c.__name__ for c in type(e).__mro__]
        if class_name not in names:
            raise Fail(f"expected {class_name}, got {type(e).__name__}: {str(e)[:300]}")
        return type(e).__name__
    raise Fail(f"expected {class_name}, nothing was raised")


def commit(repo, files, message, revision=None, repo_type=None):
    return api.create_commit(repo, repo_type=repo_type, revision=revision, commit_message=message,
                             operations=[CommitOperationAdd(p, c) for p, c in files.items()]).oid


# ------------------------------------------------------------------ transformers

WORDS = ["hello", "world", "conformance"]


def tokenizer_files(extra_words):
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", *WORDS, *extra_words])}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    config = {"tokenizer_class": "PreTrainedTokenizerFast", "unk_token": "[UNK]", "pad_token": "[PAD]",
              "cls_token": "[CLS]", "sep_token": "[SEP]", "model_max_length": 32}
    return {"tokenizer.json": tok.to_str().encode(), "tokenizer_config.json": json.dumps(config).encode()}


def model_config(hidden):
    return json.dumps({"model_type": "bert", "vocab_size": 8, "hidden_size": hidden, "num_hidden_layers": 1,
                       "num_attention_heads": 1, "intermediate_size": 16}).encode()


def setup_transformers():
    out = {}
    for kind, private in (("public", False), ("private", True)):
        repo = f"{USER}/tiny-bert-{kind}"
        api.create_repo(repo, private=private)
        first = commit(repo, {"config.json": model_config(8), **tokenizer_files([])}, "tiny bert")
        api.create_tag(repo, tag="v1", revision=first)
        api.create_branch(repo, branch="dev", revision=first)
        commit(repo, {"config.json": model_config(16), **tokenizer_files(["branch"])}, "bigger vocab", revision="dev")
        commit(repo, {"config.json": model_config(12)}, "wider")
        out[kind] = {"repo": repo, "commit": first}
    return out


# (revision kind) -> (revision in the repo, expected hidden_size, expected ids of "hello branch", vocab size)
REVISIONS = {
    "branch": ("dev", 16, [2, 4, 7, 3], 8),
    "tag": ("v1", 8, [2, 4, 1, 3], 7),
    "commit": (None, 8, [2, 4, 1, 3], 7),
}


def transformers_calls(fixture):
    from transformers import AutoConfig, AutoTokenizer
    calls = {}

    def revision(kind, at):
        return fixture[kind]["commit"] if at == "commit" else REVISIONS[at][0]

    def token(kind):
        return TOKEN if kind == "private" else False

    for kind in ("public", "private"):
        for at in ("branch", "tag", "commit"):
            def config(kind=kind, at=at):
                c = AutoConfig.from_pretrained(fixture[kind]["repo"], revision=revision(kind, at), token=token(kind),
                                               cache_dir=os.path.join(WORK, "tf-cache", f"c-{kind}-{at}"))
                eq((c.model_type, c.hidden_size), ("bert", REVISIONS[at][1]), "model_type, hidden_size")
                return f"hidden_size={c.hidden_size}"

            def tokenizer(kind=kind, at=at):
                t = AutoTokenizer.from_pretrained(fixture[kind]["repo"], revision=revision(kind, at),
                                                  token=token(kind),
                                                  cache_dir=os.path.join(WORK, "tf-cache", f"t-{kind}-{at}"))
                eq(t("hello branch")["input_ids"], REVISIONS[at][2], "ids of 'hello branch'")
                eq(len(t), REVISIONS[at][3], "vocabulary size")
                return f"{type(t).__name__} ids={REVISIONS[at][2]}"

            calls[f"AutoConfig.from_pretrained[{kind}@{at}]"] = config
            calls[f"AutoTokenizer.from_pretrained[{kind}@{at}]"] = tokenizer

    def main_config():
        c = AutoConfig.from_pretrained(fixture["public"]["repo"], token=False,
                                       cache_dir=os.path.join(WORK, "tf-cache", "main"))
        eq(c.hidden_size, 12, "hidden_size at main")
        return "hidden_size=12"

    def private_without_token():
        return raises(lambda: AutoConfig.from_pretrained(fixture["private"]["repo"], token=False,
                                                         cache_dir=os.path.join(WORK, "tf-cache", "anon")),
                      "OSError")

    def missing_revision():
        return raises(lambda: AutoConfig.from_pretrained(fixture["public"]["repo"], revision="nope", token=False,
                                                         cache_dir=os.path.join(WORK, "tf-cache", "nope")),
                      "OSError")

    calls["AutoConfig.from_pretrained[public@main]"] = main_config
    calls["AutoConfig.from_pretrained[private-no-token]"] = private_without_token
    calls["AutoConfig.from_pretrained[unknown-revision]"] = missing_revision
    return calls


# ------------------------------------------------------------------ datasets

ROWS = [{"text": "hello", "label": 1}, {"text": "world", "label": 0}, {"text": "h\u00e9llo w\u00f6rld", "label": 1}]
# One builder serves every config of a repository (datasets infers it from the data files), so the card
# declares the CSV files only; the Parquet files beside them load through data_files.
CARD = b"""---
configs:
- config_name: csv
  data_files: "data/csv/*.csv"
---
# Conformance rows
"""


def csv_bytes():
    lines = ["text,label"] + [f"{r['text']},{r['label']}" for r in ROWS]
    return ("\n".join(lines) + "\n").encode()


def parquet_bytes():
    import io
    import pyarrow as pa
    import pyarrow.parquet as pq
    buf = io.BytesIO()
    pq.write_table(pa.table({"text": [r["text"] for r in ROWS], "label": [r["label"] for r in ROWS]}), buf)
    return buf.getvalue()


def setup_datasets():
    files = {"README.md": CARD, "data/csv/train.csv": csv_bytes(), "data/parquet/train.parquet": parquet_bytes()}
    out = {}
    for kind, private in (("public", False), ("private", True)):
        repo = f"{USER}/rows-{kind}"
        api.create_repo(repo, repo_type="dataset", private=private)
        out[kind] = commit(repo, files, "rows", repo_type="dataset")
        api.create_tag(repo, tag="v1", repo_type="dataset")
    # never loaded with a token: the client would answer from its cache after an error
    api.create_repo(f"{USER}/rows-hidden", repo_type="dataset", private=True)
    commit(f"{USER}/rows-hidden", files, "rows", repo_type="dataset")
    plain = f"{USER}/rows-parquet-only"
    api.create_repo(plain, repo_type="dataset")
    commit(plain, {"train.parquet": parquet_bytes()}, "parquet only", repo_type="dataset")
    return out


def datasets_calls(fixture):
    import datasets
    calls = {}
    cache = os.path.join(WORK, "ds-cache")

    def rows(ds):
        return [dict(r) for r in ds]

    def check(ds, what):
        eq(rows(ds), ROWS, what)
        return f"{len(ROWS)} rows"

    calls["load_dataset[csv-config]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-public", "csv", split="train", cache_dir=cache), "rows")
    calls["load_dataset[data_files-csv]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-public", data_files="data/csv/train.csv", split="train",
                              cache_dir=cache), "rows")
    calls["load_dataset[data_files-parquet]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-public", data_files="data/parquet/train.parquet", split="train",
                              cache_dir=cache), "rows")
    calls["load_dataset[default-config-parquet]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-parquet-only", split="train", cache_dir=cache), "rows")
    calls["load_dataset[hf-uri-csv]"] = lambda: check(
        datasets.load_dataset("csv", data_files=f"hf://datasets/{USER}/rows-public/data/csv/train.csv",
                              split="train", cache_dir=cache), "rows")
    calls["load_dataset[tag]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-public", data_files="data/parquet/train.parquet", revision="v1",
                              split="train", cache_dir=cache), "rows")
    calls["load_dataset[commit]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-public", "csv", revision=fixture["public"], split="train",
                              cache_dir=cache), "rows")
    calls["load_dataset[private-token]"] = lambda: check(
        datasets.load_dataset(f"{USER}/rows-private", "csv", split="train", token=TOKEN, cache_dir=cache), "rows")
    calls["load_dataset[private-no-token]"] = lambda: raises(
        lambda: datasets.load_dataset(f"{USER}/rows-hidden", "csv", split="train", token=False, cache_dir=cache),
        "DatasetNotFoundError")
    return calls


# ------------------------------------------------------------------ runner

def main():
    family = CTX["family"]
    os.makedirs(WORK, exist_ok=True)
    with open(CTX["out"], "a") as out:
        def emit(name, status, detail):
            out.write(json.dumps({"call": name, "status": status, "detail": detail}) + "\n")
            out.flush()

        import importlib.metadata as md
        emit("_version", "pass", md.version(family))
        try:
            calls = transformers_calls(setup_transformers()) if family == "transformers" \
                else datasets_calls(setup_datasets())
        except Exception as e:  # noqa: BLE001 - every call fails with the setup's error
            detail = f"setup failed: {type(e).__name__}: {str(e)[:400]}"
            for name in CTX.get("calls") or []:
                emit(name, "fail", detail)
            emit("_setup", "fail", detail + " " + traceback.format_exc()[-800:])
            return
        for name in CTX.get("calls") or list(calls):
            if name not in calls:
                emit(name, "unsupported", "no such call in ml_client.py")
                continue
            try:
                emit(name, "pass", str(calls[name]())[:300])
            except Fail as e:
                emit(name, "fail", str(e)[:600])
            except Exception as e:  # noqa: BLE001
                emit(name, "fail", f"{type(e).__name__}: {str(e)[:500]}")


main()
