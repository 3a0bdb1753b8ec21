#!/usr/bin/env bash
# Packaging check for every workspace package: publint + are-the-types-wrong.
# Needs built packages (`pnpm build`). Usage: scripts/check-packages.sh [package-dir...]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "$#" -gt 0 ]; then
  PACKAGES=("$@")
else
  PACKAGES=()
  for dir in packages/*/; do
    [ -f "${dir}package.json" ] && PACKAGES+=("${dir%/}")
  done
fi

failed=()
for pkg in "${PACKAGES[@]}"; do
  name="$(node -p "require('./${pkg}/package.json').name")"
  echo "::: check-packages: ${name} (${pkg})"

  if [ ! -d "${pkg}/dist" ]; then
    echo "    ${pkg}/dist is missing: run 'pnpm build' first" >&2
    failed+=("${name}: not built")
    continue
  fi

  echo "--- publint ${pkg}"
  if ! pnpm exec publint run "${pkg}" --strict; then
    failed+=("${name}: publint")
  fi

  # node16 profile: checks node16-cjs, node16-esm and bundler resolution (not node10).
  attw_args=(--pack "${pkg}" --profile node16 --no-emoji)
  if node -e "process.exit(require('./${pkg}/package.json').bin ? 0 : 1)"; then
    # The CLI ships a bin as well; only its library entry point carries types.
    attw_args+=(--entrypoints .)
  fi
  echo "--- attw ${attw_args[*]}"
  if ! pnpm exec attw "${attw_args[@]}"; then
    failed+=("${name}: attw")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "check-packages: FAILED" >&2
  printf '  - %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "check-packages: all ${#PACKAGES[@]} package(s) OK"
