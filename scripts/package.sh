#!/usr/bin/env bash
# Builds the Debian package of the desktop app with the Tauri bundler (the `tauri` CLI from
# ui/node_modules, a dev dependency), offline: cargo uses the vendored registry cache and the deb
# bundler needs no download. Prints the path of the .deb on the last line.
#
#   scripts/package.sh [--debug] [--skip-ui]
#     --debug    a debug build (CI: quicker, and shares the test build's compiled crates)
#     --skip-ui  ui/dist is already built (the bundler never builds it itself here)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CARGO_NET_OFFLINE=true

profile=release
flags=()
skip_ui=""
for a in "$@"; do
  case "$a" in
    --debug) profile=debug; flags+=(--debug) ;;
    --skip-ui) skip_ui=1 ;;
    *) echo "package.sh: unknown option '$a' (expected --debug or --skip-ui)" >&2; exit 2 ;;
  esac
done

TAURI="$PWD/ui/node_modules/.bin/tauri"
if [ ! -x "$TAURI" ]; then
  echo "package.sh: the Tauri CLI is not installed ($TAURI): run scripts/setup.sh (npm ci in ui/)" >&2
  exit 1
fi
if [ -z "$skip_ui" ]; then
  (cd ui && npm run --silent build)
fi
if [ ! -f ui/dist/index.html ]; then
  echo "package.sh: ui/dist/index.html is missing: build the UI first (or drop --skip-ui)" >&2
  exit 1
fi

out="$CARGO_TARGET_DIR/$profile/bundle/deb"
rm -f "$out"/*.deb
# The UI is built above: the bundler must not run beforeBuildCommand again.
(cd src-tauri && "$TAURI" build "${flags[@]}" --bundles deb --ci --config '{"build":{"beforeBuildCommand":""}}')
deb=$(ls -t "$out"/*.deb 2>/dev/null | head -n 1 || true)
if [ -z "$deb" ]; then
  echo "package.sh: the bundler wrote no .deb under $out" >&2
  exit 1
fi
echo "$deb"
