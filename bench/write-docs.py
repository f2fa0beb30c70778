#!/usr/bin/env python3
"""Puts a benchmark report into its marked section of docs/benchmarks.md, replacing the last run.

Usage: bench/write-docs.py SECTION TITLE < report   (e.g. file-api "File API (`bench/file-api.sh`)")
The section lies between <!-- SECTION:start --> and <!-- SECTION:end -->; a missing one is appended
under '## TITLE'. Text outside the markers (hand-written analysis) is left alone.
"""
import pathlib
import re
import sys

section, title = sys.argv[1], sys.argv[2]
report = sys.stdin.read().strip()
path = pathlib.Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
path.parent.mkdir(parents=True, exist_ok=True)
text = path.read_text() if path.exists() else "# Benchmarks\n"
start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
block = f"{start}\n{report}\n{end}"
if start in text:
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
else:
    text = text.rstrip() + f"\n\n## {title}\n\n" + block + "\n"
path.write_text(text)
print("bench: results written to docs/benchmarks.md")
