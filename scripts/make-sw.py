#!/usr/bin/env python3
"""Writes DIST/sw.js from public/sw.template.js: the list of every file of the build with its
SHA-256 (as a Subresource Integrity string) and a version that is a hash of the whole build,
so that any change to any file gives a new service worker and a new cache.
Usage: make-sw.py DIST TEMPLATE. Python standard library only."""

import base64
import hashlib
import json
import sys
from pathlib import Path

# Not precached: the worker itself (the browser fetches it for update checks) and the
# template, should it be in the directory.
SKIP = {"sw.js", "sw.template.js"}


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-sw.py DIST TEMPLATE")
    dist, template = Path(sys.argv[1]), Path(sys.argv[2])
    files = sorted(p for p in dist.rglob("*") if p.is_file() and p.relative_to(dist).as_posix() not in SKIP)
    if not (dist / "index.html").is_file():
        sys.exit(f"{dist}/index.html is missing")
    assets = []
    build = hashlib.sha256()
    for path in files:
        rel = path.relative_to(dist).as_posix()
        digest = hashlib.sha256(path.read_bytes()).digest()
        integrity = "sha256-" + base64.b64encode(digest).decode()
        build.update(f"{rel}\0{digest.hex()}\n".encode())
        assets.append({"url": "./" + rel, "integrity": integrity})
        if rel == "index.html":
            # The start URL and scope "./" is served as index.html.
            assets.append({"url": "./", "integrity": integrity})
    version = build.hexdigest()[:16]
    text = template.read_text(encoding="utf-8")
    for placeholder in ("'__PEDIATRIAGE_VERSION__'", "__PEDIATRIAGE_ASSETS__"):
        if text.count(placeholder) != 1:
            sys.exit(f"{template}: expected {placeholder} exactly once")
    text = text.replace("'__PEDIATRIAGE_VERSION__'", json.dumps(version).replace('"', "'"))
    text = text.replace("__PEDIATRIAGE_ASSETS__", json.dumps(assets, indent=2))
    (dist / "sw.js").write_text(text, encoding="utf-8")
    print(f"service worker {version}: {len(assets)} precached URLs")


if __name__ == "__main__":
    main()
