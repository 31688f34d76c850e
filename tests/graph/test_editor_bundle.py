"""The committed editor bundle is what web/ builds: same packages, same versions, licences.

Rebuilding needs npm (``cd web && npm ci && npm run build``); this test needs only the files.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "graph" / "static"
LOCK = json.loads((ROOT / "web" / "package-lock.json").read_text(encoding="utf-8"))
MANIFEST = json.loads((ROOT / "web" / "package.json").read_text(encoding="utf-8"))


def bundled_packages():
    header = (STATIC / "bkg-editor.js").read_text(encoding="utf-8")[:4000].split("*/")[0]
    return dict(re.findall(r"^ \*   (\S+)@(\S+) \(", header, re.M))


def test_bundle_names_the_locked_versions():
    bundled = bundled_packages()
    assert "@codemirror/view" in bundled and "@codemirror/legacy-modes" in bundled
    for name, version in bundled.items():
        assert LOCK["packages"]["node_modules/" + name]["version"] == version, name


def test_every_declared_editor_package_is_in_the_bundle_at_its_pinned_version():
    bundled = bundled_packages()
    for name, version in MANIFEST["devDependencies"].items():
        if name == "esbuild":  # the bundler itself
            continue
        assert bundled.get(name) == version, name


def test_bundle_is_small_and_its_licences_are_committed():
    assert (STATIC / "bkg-editor.js").stat().st_size < 600_000
    licences = (STATIC / "bkg-editor.LICENSE.txt").read_text(encoding="utf-8")
    for name, version in bundled_packages().items():
        assert f"==== {name}@{version} " in licences
    assert "Permission is hereby granted" in licences  # the MIT text itself, not only its name
