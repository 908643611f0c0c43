from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wegweiser.accounts.models import Membership, Role, User
from wegweiser.directory.models import Provider, Region

DEMO_REGION = "stadt-kassel"
DEMO_PROVIDER = "kulturzentrum-schlachthof"


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: str
    first_name: str
    last_name: str


DEMO_USERS = (
    DemoUser("redaktion@wegweiser.example", Role.CITY_EDITOR, "Rita", "Redaktion"),
    DemoUser("traeger@wegweiser.example", Role.PROVIDER_EDITOR, "Tarik", "Träger"),
    DemoUser("statistik@wegweiser.example", Role.STATISTICS, "Stefanie", "Statistik"),
    DemoUser("beobachtung@wegweiser.example", Role.OBSERVER, "Bora", "Beobachtung"),
)


def read_passwords(path: Path) -> dict[str, str]:
    """E-mail → password from an earlier run (lines: role, e-mail, password, tab-separated)."""
    if not path.exists():
        return {}
    passwords = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and "@" in parts[1]:
            passwords[parts[1]] = parts[2]
    return passwords


class Command(BaseCommand):
    help = (
        "Legt für die Kassel-Demo je Rolle ein Konto an (Redaktion der Stadt, Redaktion eines "
        "Trägers für den Kulturzentrum Schlachthof e. V., Statistikstelle, Beobachtung; nur im "
        "Entwicklungsmodus). Die Passwörter werden zufällig erzeugt und in var/demo-users.txt "
        "abgelegt; ein zweiter Aufruf zeigt dieselben Daten wieder. Braucht die Demodaten "
        "(wegweiser load_demo)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_users gibt es nur im Entwicklungsmodus (WEGWEISER_DEBUG=1).")
        region = Region.objects.filter(slug=DEMO_REGION).first()
        provider = Provider.objects.filter(external_id=DEMO_PROVIDER).first()
        if region is None or provider is None:
            raise CommandError(
                "Die Kassel-Demodaten fehlen; bitte zuerst `wegweiser load_demo` ausführen."
            )
        secret_file = settings.VAR_DIR / "demo-users.txt"
        known = read_passwords(secret_file)
        lines = []
        with transaction.atomic():
            for demo in DEMO_USERS:
                user = User.objects.filter(email=demo.email).first()
                password = known.get(demo.email) if user is not None else None
                if password is None or not user or not user.check_password(password):
                    password = secrets.token_urlsafe(12)
                    if user is None:
                        user = User.objects.create_user(
                            demo.email,
                            password,
                            first_name=demo.first_name,
                            last_name=demo.last_name,
                        )
                    else:
                        user.set_password(password)
                        user.save(update_fields=["password"])
                membership, _created = Membership.objects.get_or_create(
                    user=user, region=region, role=demo.role
                )
                if demo.role == Role.PROVIDER_EDITOR:
                    membership.providers.add(provider)
                lines.append(f"{demo.role}\t{demo.email}\t{password}")
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
        secret_file.chmod(0o600)
        self.stdout.write("Anmeldung: http://127.0.0.1:8000/staff/anmelden/")
        for demo, line in zip(DEMO_USERS, lines, strict=True):
            password = line.rsplit("\t", 1)[1]
            label = Role(demo.role).label
            suffix = f" ({provider.name})" if demo.role == Role.PROVIDER_EDITOR else ""
            self.stdout.write(f"  {label}{suffix}: {demo.email}  Passwort: {password}")
