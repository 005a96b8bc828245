#!/usr/bin/env bash
# Release-quality checks, called by .ci/run: lint, formatting, browser tests (headless Chromium),
# the API reference, every example, and the packaging check. Every step runs even when an earlier
# one fails, so one CI run shows every problem; the script exits non-zero if any step failed and
# ends with a table of what passed, what failed and how long each step took.
#
# Chromium: Debian's `chromium` package at /usr/bin/chromium (set CHROMIUM_PATH to use another).
set -uo pipefail
cd "$(dirname "$0")/.."

summary=()
failed=0
step() {
  local name="$1"
  shift
  echo
  echo "════ $name"
  local start=$SECONDS status=0
  "$@" || status=$?
  local took=$((SECONDS - start))
  if [ "$status" -eq 0 ]; then
    summary+=("$(printf '  ok     %4ds  %s' "$took" "$name")")
  else
    summary+=("$(printf '  FAILED %4ds  %s (exit %d)' "$took" "$name" "$status")")
    failed=1
  fi
}

step "npm run lint" npm run lint
step "npm run format:check" npm run format:check
step "npm run test:browser" npm run test:browser
step "npm run docs" npm run docs
step "npm run examples" npm run examples
step "npm run check:package" npm run check:package

echo
echo "════ browser-and-package.sh summary"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "browser-and-package.sh: FAILED"
  exit 1
fi
echo "browser-and-package.sh: all steps passed"
