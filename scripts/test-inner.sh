#!/usr/bin/env bash
# The body of scripts/test.sh, run inside xvfb-run + dbus-run-session. Not meant to be called directly.
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
step() { printf '\n==> %s (%ss)\n' "$*" "$(( $(date +%s) - T0 ))"; }

# Test-private XDG dirs: tests never touch the user's data, cache or keyring.
TMPHOME=$(mktemp -d)
trap 'rm -rf "$TMPHOME"' EXIT
export XDG_DATA_HOME="$TMPHOME/data" XDG_CACHE_HOME="$TMPHOME/cache" XDG_CONFIG_HOME="$TMPHOME/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
# A real Secret Service (gnome-keyring), unlocked, on this run's private session bus.
echo -n test-keyring-password | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize >/dev/null

# The BODS conformance files (scripts/setup.sh installs them) must be there: their absence fails
# the `amldesk ubo` test instead of skipping it.
export AMLDESK_REQUIRE_BODS_FIXTURES=1

step "cargo fmt --check"
cargo fmt --all -- --check

step "crates/* must not depend on tauri"
for manifest in crates/*/Cargo.toml; do
  pkg=$(sed -n 's/^name *= *"\(.*\)"/\1/p' "$manifest" | head -n 1)
  if cargo tree -q -p "$pkg" -e normal,build 2>/dev/null | grep -qE '(^|[ ─])tauri(-[a-z-]+)? v'; then
    echo "FAIL: $pkg depends on tauri (crates/* stay free of the window)"; exit 1
  fi
done
echo "ok: no crate under crates/ depends on tauri"

step "one reader of upstream data (core::model)"
bash scripts/check-one-reader.sh

step "UI: type check"
(cd ui && npm run --silent typecheck)

step "cargo clippy (all targets, -D warnings)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

step "Rust tests"
# Snapshot the generated IPC types; the export tests regenerate them.
GEN=ui/src/platform/generated
SNAP="$TMPHOME/generated-before"
cp -r "$GEN" "$SNAP"
# The same for the window's recorded engine responses (crates/engine/tests/engine/fixtures.rs).
FIX=ui/src/platform/fixtures
FIXSNAP="$TMPHOME/fixtures-before"
cp -r "$FIX" "$FIXSNAP"
# The OS keyring test is #[ignore]d for plain `cargo test`; here the run's own unlocked
# gnome-keyring is on the bus, so it runs with the rest (`--run-ignored all`).
export AMLDESK_KEYRING_LIVE=1
# Tests that run an external validator (libcovebods from scripts/setup.sh's venv) fail here
# when it is missing, instead of skipping as they do on a developer's machine.
export AMLDESK_REQUIRE_VALIDATORS=1
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --exclude amldesk-e2e --no-fail-fast --run-ignored all
else
  cargo test --workspace --exclude amldesk-e2e --no-fail-fast -- --include-ignored
fi

step "generated IPC types are up to date"
if ! diff -r "$SNAP" "$GEN"; then
  echo "FAIL: regenerating ui/src/platform/generated changed it: run the tests and commit the result"; exit 1
fi
echo "ok: generated TypeScript matches the Rust types"

step "recorded UI fixtures are up to date"
if ! diff -r "$FIXSNAP" "$FIX"; then
  echo "FAIL: recording the engine's responses changed ui/src/platform/fixtures: the engine's output changed; run the tests and commit the result"; exit 1
fi
echo "ok: the window's fixtures match what the engine returns"

step "UI: unit tests (Vitest)"
(cd ui && npm test --silent)

step "UI: production build"
(cd ui && npm run --silent build)
# The production bundle holds no fake and no recorded fixture (a string only the fixtures hold).
if grep -rqF "c-registerenheten" ui/dist; then
  echo "FAIL: ui/dist holds recorded fixtures (they are for tests and dev builds only)"; exit 1
fi
echo "ok: ui/dist holds no fixture"

step "desktop app with the bundled UI (for end-to-end tests)"
cargo build -p amldesk-desktop --features custom-protocol --quiet
mkdir -p "$CARGO_TARGET_DIR/e2e"
cp "$CARGO_TARGET_DIR/debug/amldesk-desktop" "$CARGO_TARGET_DIR/e2e/amldesk-desktop"
export AMLDESK_APP_BIN="$CARGO_TARGET_DIR/e2e/amldesk-desktop"

step "end-to-end tests (tauri-driver + WebKitWebDriver under Xvfb)"
export AMLDESK_SCREENSHOT_DIR="${AMLDESK_SCREENSHOT_DIR:-$CARGO_TARGET_DIR/e2e-screenshots}"
cargo test -p amldesk-e2e --no-fail-fast -- --test-threads=1

step "installable: a .deb from the Tauri bundler, unpacked and started"
# A debug build (the UI is built above); the bundler writes the .deb without any download.
DEB=$(bash scripts/package.sh --debug --skip-ui | tail -n 1)
DEBROOT="$TMPHOME/deb-root"
dpkg -x "$DEB" "$DEBROOT"
DEBBIN="$DEBROOT/usr/bin/amldesk-desktop"
if [ ! -x "$DEBBIN" ]; then
  echo "FAIL: $DEB holds no executable usr/bin/amldesk-desktop:"; dpkg -c "$DEB"; exit 1
fi
# The unpacked binary, not the one built for the tests, shows the first screen.
AMLDESK_APP_BIN="$DEBBIN" AMLDESK_SCREENSHOT_DIR="$TMPHOME/deb-screenshots" \
  cargo test -p amldesk-e2e --test first_screen -- --test-threads=1
echo "ok: $(basename "$DEB") unpacks and its app starts on the first screen"
step "quick benchmarks (warn when a figure is twice as bad as docs/bench-baseline.txt)"
scripts/bench-quick.sh

step "all checks passed"
