"""The ``wegweiser`` console command: Django's ``manage.py`` under the product's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wegweiser.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as error:
        # A configuration mistake (a missing SECRET_KEY, a bad DATABASE_URL, …): the settings'
        # message names the variable in German and English; a traceback would only bury it.
        sys.stderr.write(f"Konfigurationsfehler (configuration error): {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
