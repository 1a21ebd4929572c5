"""Catalog and configuration downloads: checked here before anything else looks at them.

The kiosk validates the files with its own catalog loader afterwards and switches at an idle
moment (the UI decides when); this module only proves the download is complete and unaltered.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any


class UpdateError(ValueError):
    """The download is malformed or its digest does not match."""


@dataclass(frozen=True)
class CatalogDownload:
    version: str
    sha256: str
    files: dict[str, str]


def catalog_digest(files: dict[str, str]) -> str:
    """protocol.md: sha256 over the files sorted by name, each ``name\\n`` + text (UTF-8)."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(f"{name}\n".encode())
        h.update(files[name].encode())
    return h.hexdigest()


def verify_catalog(answer: dict[str, Any]) -> CatalogDownload:
    version, digest, files = answer.get("version"), answer.get("sha256"), answer.get("files")
    if not isinstance(version, str) or not isinstance(digest, str) or not isinstance(files, dict):
        raise UpdateError("catalog answer lacks version, sha256 or files")
    if not all(isinstance(k, str) and isinstance(v, str) and k.endswith(".toml") and "/" not in k
               and not k.startswith(".") for k, v in files.items()):
        raise UpdateError("catalog file names must be plain *.toml names with text content")
    if catalog_digest(files) != digest.lower():
        raise UpdateError(f"catalog {version}: sha256 does not match its files")
    return CatalogDownload(version, digest.lower(), dict(files))
