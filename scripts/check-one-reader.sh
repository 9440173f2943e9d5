#!/usr/bin/env bash
# One reader of upstream data: only crates/core/src/model walks upstream JSON. Fails on string-path
# access over a JSON value — `.get("`, `.pointer(`, `x["…"]` — in the engine, the CLI and the
# providers (the providers' HTTP error-body mapping aside), test folders aside. Header names go
# through `http::header` constants, so `.get("` has no innocent use left in these folders.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\.get\("[^"]*"\)|\.pointer\(|[A-Za-z0-9_)\]]\["'
fail=0
while IFS= read -r hit; do
  echo "FAIL: $hit"
  fail=1
done < <(grep -rnE "$pattern" crates/engine/src crates/cli/src crates/providers/src \
  --include='*.rs' | grep -vE '^crates/providers/src/error\.rs:' || true)
if [ "$fail" = 1 ]; then
  echo "FAIL: read upstream JSON through amldesk_core::model (its typed readers), not by string paths"
  exit 1
fi
echo "ok: no string-path JSON access outside core::model"
