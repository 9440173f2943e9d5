#!/bin/sh
# Runs the OS keyring test against a real Secret Service: a private D-Bus session with a fresh,
# unlocked gnome-keyring whose data lives in a temporary directory (never the user's keyring).
set -eu
cd "$(dirname "$0")/../../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
export AMLDESK_KEYRING_LIVE=1
dbus-run-session -- sh -c '
  set -eu
  printf pw | gnome-keyring-daemon --replace --unlock --components=secrets --daemonize >/dev/null
  cargo test -p amldesk-providers --test keyring -- --include-ignored "$@"
' sh "$@"
