from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wegweiser.api import schema


class Command(BaseCommand):
    help = (
        "Schreibt die OpenAPI-Schemas der API v1 und der HSDS-API nach docs/ (openapi.json, "
        "openapi-hsds.json); mit --check nur prüfen, ob die Dateien zum Code passen."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--directory", type=Path, default=Path("docs"), help="Ordner (Vorgabe: docs)"
        )
        parser.add_argument("--check", action="store_true", help="nur prüfen, nichts schreiben")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        if not directory.is_dir():
            raise CommandError(f"{directory} ist kein Ordner.")
        if options["check"]:
            stale = schema.differing(directory)
            if stale:
                raise CommandError(
                    f"Veraltet: {', '.join(stale)}. Neu schreiben mit: wegweiser api_schema"
                )
            self.stdout.write(self.style.SUCCESS("Die OpenAPI-Schemas passen zum Code."))
            return
        for name in schema.SCHEMAS:
            (directory / name).write_text(schema.schema_text(name), encoding="utf-8")
            self.stdout.write(f"{directory / name} geschrieben.")
