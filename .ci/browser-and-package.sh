#!/usr/bin/env bash
# Release-quality checks, called by .ci/run: lint, formatting, browser tests (headless Chromium),
# the API reference, every example, and the packaging check. Stops at the first failure and prints
# how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."

timings=()
step() {
  local name="$1"
  shift
  echo
  echo "════ $name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%5ds  %s' $((SECONDS - start)) "$name")")
}

step "npm run lint" npm run lint
step "npm run format:check" npm run format:check
step "npm run test:browser" npm run test:browser
step "npm run docs" npm run docs
step "npm run examples" npm run examples
step "npm run check:package" npm run check:package

echo
echo "browser-and-package.sh: all steps passed"
printf '%s\n' "${timings[@]}"
