#!/usr/bin/env bash
# Runs every end-to-end script in scripts/e2e/ against the release build. Each prints its own result.
set -uo pipefail
cd "$(dirname "$0")/.."
passed=0; failed=0
for t in scripts/e2e/*.sh; do
  [ -e "$t" ] || continue
  if bash "$t"; then passed=$((passed+1)); echo "PASS $t"; else failed=$((failed+1)); echo "FAIL $t"; fi
done
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
