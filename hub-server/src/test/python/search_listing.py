"""Listing, search, counters and extracted metadata with the real huggingface_hub.

Usage: python search_listing.py <alice> <bob> <marker> <workdir>; prints one JSON object.
Needs HF_ENDPOINT, HF_TOKEN (alice, write), BOB_TOKEN (bob, write), HF_HOME and HF_HUB_DISABLE_XET=1.
Every repository name starts with <marker>, so other repositories of the hub never match a search.
"""
import json
import os
import struct
import sys

from huggingface_hub import HfApi, hf_hub_download
from huggingface_hub.utils import get_session, hf_raise_for_status, paginate

alice_name, bob_name, marker, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
endpoint = os.environ["HF_ENDPOINT"]
alice = HfApi()
bob = HfApi(token=os.environ["BOB_TOKEN"])
anonymous = HfApi(token=False)
A = f"{alice_name}/{marker}"
B = f"{bob_name}/{marker}"
out = {}


def card(yaml):
    return ("---\n" + yaml + "\n---\n# A card\n").encode()


def make(api, repo_id, readme, repo_type="model", private=False):
    api.create_repo(repo_id, repo_type=repo_type, private=private)
    api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo_id, repo_type=repo_type)


def safetensors(tensors):
    """A real safetensors file: 8-byte little-endian header length, JSON header, zeroed data."""
    sizes = {"F32": 4, "BF16": 2, "I64": 8}
    header, offset = {}, 0
    for name, dtype, shape in tensors:
        count = 1
        for d in shape:
            count *= d
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + count * sizes[dtype]]}
        offset += count * sizes[dtype]
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + b"\0" * offset


def like(api, repo_id):
    response = get_session().post(f"{endpoint}/api/models/{repo_id}/like", headers=api._build_hf_headers())
    hf_raise_for_status(response)


def ids(models):
    return [m.id for m in models]


# ---- the seeded set, oldest first
make(alice, A + "-bert", card("license: mit\nlanguage: en\npipeline_tag: fill-mask\nlibrary_name: transformers\n"
                              "datasets: [squad]"))
make(alice, A + "-gpt", card("license: apache-2.0\npipeline_tag: text-generation\nlibrary_name: transformers"))
make(alice, A + "-secret", card("license: mit\npipeline_tag: fill-mask"), private=True)
make(bob, B + "-open", card("license: mit\npipeline_tag: fill-mask"))
make(bob, B + "-hidden", card("license: mit\npipeline_tag: fill-mask"), private=True)

folder = os.path.join(work, "sharded")
os.makedirs(folder)
shards = {
    "model-00001-of-00002.safetensors": [("a.weight", "F32", [4, 8]), ("a.bias", "F32", [8])],
    "model-00002-of-00002.safetensors": [("b.weight", "BF16", [16, 4]), ("c.idx", "I64", [3])],
}
weight_map = {}
for file, tensors in shards.items():
    with open(os.path.join(folder, file), "wb") as f:
        f.write(safetensors(tensors))
    for name, _, _ in tensors:
        weight_map[name] = file
with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
    json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, f)
with open(os.path.join(folder, "config.json"), "w") as f:
    json.dump({"architectures": ["BertForMaskedLM"], "model_type": "bert"}, f)
with open(os.path.join(folder, "README.md"), "wb") as f:
    f.write(card(f"license: mit\nlanguage: en\ntags: [{marker}-tag]\ndatasets: [squad]"))
alice.create_repo(A + "-sharded")
alice.upload_folder(folder_path=folder, repo_id=A + "-sharded", commit_message="sharded weights")

make(alice, A + "-data-en", card("license: mit\nlanguage: [en]\ntask_categories: [text-classification]"), "dataset")
make(alice, A + "-data-fr", card("license: mit\nlanguage: [fr]"), "dataset")
make(bob, B + "-data-hidden", card("license: mit\nlanguage: [en]"), "dataset", private=True)

# ---- model info of the sharded model
info = alice.model_info(A + "-sharded")
out["safetensors_total"] = info.safetensors.total
out["safetensors_parameters"] = info.safetensors.parameters
out["card_data"] = info.card_data.to_dict()
out["tags"] = info.tags
out["pipeline_tag"] = info.pipeline_tag
out["library_name"] = info.library_name
out["lfs_siblings"] = sorted(s.rfilename for s in alice.model_info(A + "-sharded", files_metadata=True).siblings
                             if s.lfs is not None)

# ---- listing
out["search"] = ids(alice.list_models(search=marker))
out["search_anonymous"] = ids(anonymous.list_models(search=marker))
out["author"] = ids(alice.list_models(search=marker, author=bob_name))
out["author_as_bob"] = ids(bob.list_models(search=marker, author=bob_name))
out["filter"] = ids(alice.list_models(search=marker, filter=["license:mit", "dataset:squad"]))
out["filter_tag"] = ids(anonymous.list_models(filter=f"{marker}-tag"))
out["pipeline_tag_filter"] = ids(alice.list_models(search=marker, pipeline_tag="fill-mask"))
out["limit"] = ids(alice.list_models(search=marker, limit=2))

like(bob, A + "-gpt")
like(alice, A + "-gpt")
like(alice, A + "-bert")
out["sort_likes"] = ids(alice.list_models(search=marker, sort="likes", limit=2))
out["sort_trending"] = ids(alice.list_models(search=marker, sort="trending_score", limit=1))
out["liked"] = alice.list_liked_repos().models
alice.unlike(A + "-bert")
out["liked_after_unlike"] = alice.list_liked_repos().models
out["likers"] = [u.username for u in alice.list_repo_likers(A + "-gpt")]
out["likes_after_unlike"] = alice.model_info(A + "-bert").likes

hf_hub_download(A + "-sharded", "config.json", cache_dir=os.path.join(work, "cache-a"))
hf_hub_download(A + "-sharded", "config.json", cache_dir=os.path.join(work, "cache-b"))
hf_hub_download(A + "-sharded", "README.md", cache_dir=os.path.join(work, "cache-c"), token=bob.token)
out["downloads_alice_twice"] = alice.model_info(A + "-sharded").downloads
hf_hub_download(A + "-sharded", "config.json", cache_dir=os.path.join(work, "cache-d"), token=bob.token)
sharded = alice.model_info(A + "-sharded")
out["downloads_after_bob"] = [sharded.downloads, sharded.downloads_all_time]
out["sort_downloads"] = ids(alice.list_models(search=marker, sort="downloads", limit=1))
expanded = list(alice.list_models(search=marker + "-sharded", expand=["safetensors", "downloads"]))
out["expand"] = [[m.id, m.safetensors.total, m.downloads, m.likes] for m in expanded]
full = list(alice.list_models(search=marker + "-sharded", full=True, cardData=True))
out["full_siblings"] = sorted(s.rfilename for s in full[0].siblings)
out["full_card_license"] = full[0].card_data.license

# ---- paging through the Link header, as the client follows it
for sort in ["createdAt", "likes", "id"]:
    items = list(paginate(f"{endpoint}/api/models", params={"search": marker, "limit": 2, "sort": sort},
                          headers=alice._build_hf_headers()))
    out[f"paged_{sort}"] = [item["id"] for item in items]

# ---- datasets
out["datasets"] = [d.id for d in alice.list_datasets(search=marker)]
out["datasets_as_bob"] = [d.id for d in bob.list_datasets(search=marker)]
out["datasets_en"] = [d.id for d in alice.list_datasets(search=marker, language="en")]
out["datasets_task"] = [d.id for d in anonymous.list_datasets(task_categories="text-classification",
                                                               search=marker)]
out["datasets_author"] = [d.id for d in bob.list_datasets(author=bob_name, search=marker)]
hf_hub_download(A + "-data-fr", "README.md", repo_type="dataset", cache_dir=os.path.join(work, "cache-e"))
out["dataset_downloads"] = alice.dataset_info(A + "-data-fr").downloads

print(json.dumps(out))
