#!/usr/bin/env bash
# Installs the Debian packages Wegweiser needs when they are missing (as root), or says what to
# install. Arguments: the packages wanted (gettext, chromium, poppler-utils, and the libraries
# and fonts WeasyPrint renders PDFs with). Never downloads a
# browser of its own: the browser tests use Debian's chromium.
set -euo pipefail

declare -A provides=([gettext]=msgfmt [chromium]=chromium [poppler-utils]=pdftoppm)
missing=()
for package in "$@"; do
  if [ -n "${provides[$package]:-}" ]; then
    command -v "${provides[$package]}" >/dev/null 2>&1 || missing+=("$package")
  else
    # a library or font package: ask dpkg
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installiere Debian-Pakete: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Es fehlen Debian-Pakete. Bitte installieren: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
