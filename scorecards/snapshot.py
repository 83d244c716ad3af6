"""The canonical encoding of an evaluation's snapshot, and its SHA-256: the same snapshot always
gives the same hash, so anyone can check a finalised evaluation was not changed."""

import hashlib
import json
from typing import Any

SCHEMA_VERSION = 1


def canonical(snapshot: dict[str, Any]) -> bytes:
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def snapshot_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(snapshot)).hexdigest()
