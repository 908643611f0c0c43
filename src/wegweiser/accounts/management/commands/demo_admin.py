from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wegweiser.accounts.models import User

DEMO_ADMIN_EMAIL = "admin@wegweiser.example"


class Command(BaseCommand):
    help = (
        "Legt für die Demo ein Administratorkonto an (nur im Entwicklungsmodus) und zeigt die "
        "Zugangsdaten. Das Passwort wird zufällig erzeugt und in var/demo-admin.txt abgelegt; "
        "ein zweiter Aufruf zeigt dieselben Daten wieder."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_admin gibt es nur im Entwicklungsmodus (WEGWEISER_DEBUG=1).")
        secret_file = settings.VAR_DIR / "demo-admin.txt"
        user = User.objects.filter(email=DEMO_ADMIN_EMAIL).first()
        if user is not None and secret_file.exists():
            password = secret_file.read_text(encoding="utf-8").strip()
        else:
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser(DEMO_ADMIN_EMAIL, password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            secret_file.parent.mkdir(parents=True, exist_ok=True)
            secret_file.write_text(password + "\n", encoding="utf-8")
            secret_file.chmod(0o600)
        self.stdout.write(
            f"Verwaltung: http://127.0.0.1:8000/staff/anmelden/  E-Mail: {DEMO_ADMIN_EMAIL}  "
            f"Passwort: {password}"
        )
