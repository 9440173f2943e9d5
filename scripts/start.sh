#!/usr/bin/env bash
# Sets up the machine (idempotent), builds the UI and the desktop app, and starts AML Desk on the
# embedded sandbox. Without a display (no $DISPLAY), it runs the window under Xvfb and saves a
# screenshot so you can see it; set DISPLAY to use your own screen.
#   scripts/start.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
profile=debug; flags=()
if [ "${1:-}" = "--release" ]; then profile=release; flags=(--release); fi

echo "start: building the UI"
(cd ui && npm run --silent build)
echo "start: building the desktop app ($profile)"
cargo build -p amldesk-desktop --features custom-protocol "${flags[@]}"
app="$CARGO_TARGET_DIR/$profile/amldesk-desktop"

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec "$app"
fi

shot="$CARGO_TARGET_DIR/screenshots/start.png"
mkdir -p "$(dirname "$shot")"
echo "start: no display found — running AML Desk under Xvfb (virtual screen 1280x800)."
echo "start: a screenshot will be saved to $shot after 15 s; stop with Ctrl+C."
echo "start: to see the window, run this from a desktop session (DISPLAY set)."
exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  echo -n start | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize >/dev/null 2>&1 || true
  "$0" & pid=$!
  ( sleep 15; import -window root "$1" 2>/dev/null && echo "start: screenshot saved to $1" ) &
  wait $pid' "$app" "$shot"
