"""A checked upload between preview and publication, carried by the page itself.

The preview page holds the file signed (with the server's secret, for this user and region)
and compressed; publishing checks the signature and the age and reads the file again. Nothing is
kept on the server in between, and the browser cannot change what it posts back.
"""

from __future__ import annotations

import base64

from django.core import signing

SALT = "wegweiser.monitoring.external"
MAX_AGE_SECONDS = 60 * 60


def sign(data: bytes, *, filename: str, user_id: int, region_id: int) -> str:
    payload = {
        "u": user_id,
        "r": region_id,
        "n": filename[:200],
        "d": base64.b64encode(data).decode("ascii"),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def load(token: str, *, user_id: int, region_id: int) -> tuple[str, bytes] | None:
    """The file name and content if the token is genuine, not older than an hour, and was
    made for this user and region; else None."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or (payload.get("u"), payload.get("r")) != (
        user_id,
        region_id,
    ):
        return None
    try:
        return str(payload["n"]), base64.b64decode(payload["d"], validate=True)
    except (KeyError, TypeError, ValueError):
        return None
