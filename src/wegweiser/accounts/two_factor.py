"""The optional second factor: one TOTP device per user (django-otp), its QR code as SVG."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from wegweiser.accounts.models import User

DEVICE_NAME = "Wegweiser"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up: kept across page loads so that a scanned code stays valid."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def confirm(device: TOTPDevice) -> None:
    """Make ``device`` the user's one second factor."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()


def remove_all(user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32 in groups of four, for apps where it is typed instead of scanned."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The ``otpauth://`` address as an inline SVG image, drawn on the server (no request out)."""
    code = segno.make(device.config_url, error="m")
    svg: str = code.svg_inline(scale=5, border=4, title=title, dark="#000", light="#fff")
    return svg
