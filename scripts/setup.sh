#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine of this kind: system packages, npm dependencies,
# tauri-driver. A second run takes seconds (every step checks before it installs).
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  # build
  build-essential pkg-config file libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev libssl-dev
  # run and test
  xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 at-spi2-core fonts-dejavu-core
  gnome-keyring libsecret-tools keyutils imagemagick xdotool poppler-utils curl
)

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: system packages present"
fi

# npm dependencies (lock file committed); skip when node_modules matches the lock.
if [ -f ui/package-lock.json ]; then
  stamp=ui/node_modules/.amldesk-lock-sha
  want=$(sha256sum ui/package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: npm ci"
    (cd ui && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  else
    echo "setup: npm dependencies present"
  fi
fi

# tauri-driver (WebDriver proxy for end-to-end tests)
if ! command -v tauri-driver >/dev/null 2>&1; then
  echo "setup: cargo install tauri-driver"
  cargo install tauri-driver --version '^2' --locked --quiet
else
  echo "setup: tauri-driver present"
fi

# Python validators in one venv (Debian 12: python3-venv, python3-pip). Other validators add
# their own pip line below.
VENV="${AMLDESK_VENV:-$HOME/.cache/amldesk-venv}"
for p in python3-venv python3-pip; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    echo "setup: installing $p"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null
  fi
done
if [ ! -x "$VENV/bin/python" ]; then
  echo "setup: python venv $VENV"
  /usr/bin/python3 -m venv "$VENV"
fi
# libcovebods: Open Ownership's BODS validator (`libcovebods jsv`), run on exported ownership.bods.json.
if ! "$VENV/bin/python" -c 'import libcovebods' >/dev/null 2>&1; then
  echo "setup: pip install libcovebods"
  "$VENV/bin/pip" install --quiet 'libcovebods>=0.16,<0.17'
else
  echo "setup: libcovebods present"
fi

# rustfmt and clippy components
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi
echo "setup: done"
