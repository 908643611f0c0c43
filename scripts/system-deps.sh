#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing (as root), or says
# what to install. Never downloads a browser of its own: the tests use Debian's chromium.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installiere Debian-Pakete: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Für die Tests fehlen Debian-Pakete. Bitte installieren: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
