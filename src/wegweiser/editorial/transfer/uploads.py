"""Uploaded files between preview and confirmation, kept on the server under a random token.

The confirmation names only the token; the file, its hash, the user, the region and the chosen
status are read back from here, never from what the browser posts. A token is used once and
expires after an hour.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

LIFETIME_SECONDS = 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass
class StoredUpload:
    token: str
    user_id: int
    region_id: int
    filename: str
    sha256: str
    status: str
    created: float


def _directory() -> Path:
    return Path(settings.VAR_DIR) / "imports"


def _paths(token: str) -> tuple[Path, Path]:
    directory = _directory()
    return directory / f"{token}.upload", directory / f"{token}.json"


def store(data: bytes, *, user_id: int, region_id: int, filename: str, status: str) -> str:
    purge_expired()
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    data_path, meta_path = _paths(token)
    data_path.write_bytes(data)
    meta = StoredUpload(
        token=token,
        user_id=user_id,
        region_id=region_id,
        filename=Path(filename).name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        status=status,
        created=time.time(),
    )
    meta_path.write_text(json.dumps(asdict(meta)), encoding="utf-8")
    return token


def load(token: str, *, user_id: int, region_id: int) -> tuple[StoredUpload, bytes] | None:
    """The upload under ``token`` if it belongs to this user and region, is not expired and is
    unchanged since it was stored; else None."""
    if not _TOKEN.match(token):
        return None
    data_path, meta_path = _paths(token)
    try:
        meta = StoredUpload(**json.loads(meta_path.read_text(encoding="utf-8")))
        data = data_path.read_bytes()
    except (OSError, ValueError, TypeError):
        return None
    if meta.user_id != user_id or meta.region_id != region_id:
        return None
    if time.time() - meta.created > LIFETIME_SECONDS:
        discard(token)
        return None
    if hashlib.sha256(data).hexdigest() != meta.sha256:
        return None
    return meta, data


def discard(token: str) -> None:
    if not _TOKEN.match(token):
        return
    for path in _paths(token):
        path.unlink(missing_ok=True)


def purge_expired() -> None:
    directory = _directory()
    if not directory.is_dir():
        return
    limit = time.time() - LIFETIME_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
