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
  # Python tools the tests use (a venv, see below)
  python3-venv python3-pip
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

# Python packages the tests use, in a venv outside the repository (idempotent): Open Ownership's
# BODS 0.4 validator and the bods-v04-fixtures conformance files (`amldesk ubo` reads every one).
# The CLI test finds it at $AMLDESK_VENV (default ~/.cache/amldesk-venv).
VENV="${AMLDESK_VENV:-$HOME/.cache/amldesk-venv}"
PY_PACKAGES=(bods-v04-fixtures==0.1.1 libcovebods==0.16.0)
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3
if [ ! -x "$VENV/bin/python3" ]; then
  echo "setup: python venv at $VENV"
  "$PYTHON" -m venv "$VENV"
fi
# pip show succeeds when any one of several packages is installed: import each instead.
if ! "$VENV/bin/python3" -c "import bods_fixtures, libcovebods" >/dev/null 2>&1; then
  echo "setup: pip install ${PY_PACKAGES[*]}"
  "$VENV/bin/python3" -m pip install -q --disable-pip-version-check "${PY_PACKAGES[@]}"
else
  echo "setup: python packages present"
fi

# rustfmt and clippy components
if ! cargo fmt --version >/dev/null 2>&1 || ! cargo clippy --version >/dev/null 2>&1; then
  rustup component add rustfmt clippy
fi
echo "setup: done"
