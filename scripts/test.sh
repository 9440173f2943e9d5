#!/usr/bin/env bash
# Sets up the machine (idempotent) and runs every check and test: formatting, the tauri-free core
# rule, clippy, the Rust tests (incl. the OS keyring test against a real Secret Service), the
# generated IPC types, the UI type check, unit tests and build, and the end-to-end tests of the
# real built app under Xvfb through tauri-driver + WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# One private display, D-Bus session bus and unlocked keyring for the whole run.
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash scripts/test-inner.sh "$@"
