#!/usr/bin/env bash
# The one command that passes every Perfscope test: `npm run test:all`.
# Installs what it needs (npm packages; Debian packages when run as root), then runs
# type-checking, lint, unit tests, the production build, the build/compose checks and the
# suites that need real services. Under CI=true no suite is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ARTIFACTS="$ROOT/artifacts"
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/jest-*.json

STEPS=11
step=0
started=$SECONDS
say() { printf '\n==> [%d/%d] %s (%ds elapsed)\n' "$step" "$STEPS" "$1" "$((SECONDS - started))"; }
next() { step=$((step + 1)); say "$1"; }
fail() { printf '\nperfscope: %s\n' "$1" >&2; exit 1; }

# --- 1. Node and npm packages -------------------------------------------------
next "Checking Node.js and npm packages"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "Node.js 20 or newer is needed (found $(node --version)). Install it from nodejs.org or your package manager."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm packages (npm ci)…"
  npm ci --no-audit --no-fund
else
  echo "npm packages are up to date."
fi
# Grafana 13's shared modules (React 19), for the browser tests and the type-check on Grafana 13.
GRAFANA13=tests/browser/grafana13
if [ ! -f "$GRAFANA13/node_modules/.package-lock.json" ] || [ "$GRAFANA13/package-lock.json" -nt "$GRAFANA13/node_modules/.package-lock.json" ]; then
  echo "Installing Grafana 13's shared modules (npm ci --prefix $GRAFANA13)…"
  npm ci --prefix "$GRAFANA13" --no-audit --no-fund
else
  echo "Grafana 13's shared modules are up to date."
fi

# --- 2. System packages the suites need ----------------------------------------
next "Checking system packages"
# command → Debian package
declare -A NEEDED=([docker-compose]=docker-compose [prometheus]=prometheus [promtool]=prometheus [chromium]=chromium [victoria-metrics]=victoria-metrics [vmalert]=victoria-metrics)
# file → Debian package (fonts the browser tests render with)
declare -A NEEDED_FILES=([/usr/share/fonts/opentype/inter/Inter-Regular.otf]=fonts-inter)
missing=()
for cmd in "${!NEEDED[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${NEEDED[$cmd]}")
done
for file in "${!NEEDED_FILES[@]}"; do
  [ -e "$file" ] || missing+=("${NEEDED_FILES[$file]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get (about a minute)…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    fail "These system packages are missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install -y ${missing[*]}) and run npm run test:all again."
  fi
fi
echo "System packages present: ${!NEEDED[*]} ${NEEDED_FILES[*]}"

# --- 3. Type-check --------------------------------------------------------------
next "Type-checking (and src/ against React 19 and @grafana/* 13)"
npm run --silent typecheck
npm run --silent typecheck:grafana13

# --- 4. Lint --------------------------------------------------------------------
next "Linting, formatting and generated files"
npm run --silent lint
npm run --silent format:check
# Generated dashboards, alert rules and rule tests must match the catalog (npm run generate).
npm run --silent generate -- --check

# --- 5. Unit tests --------------------------------------------------------------
next "Unit tests (plugin and pkg/)"
npx jest --selectProjects plugin pkg --maxWorkers 2 --json --outputFile "$ARTIFACTS/jest-unit.json"

# --- 6. Production build --------------------------------------------------------
next "Production build"
npm run --silent build

# --- 7. Checks of the built plugin, plugin.json files and the compose stack ----
next "Build, plugin.json and docker-compose checks"
npx jest --selectProjects checks --maxWorkers 1 --json --outputFile "$ARTIFACTS/jest-checks.json"

# --- 8. Integration against real Prometheus and the simulator -----------------
next "Integration: catalog signals and fault scenarios against real Prometheus"
npx jest --selectProjects integration --maxWorkers 1 --json --outputFile "$ARTIFACTS/jest-integration.json"

# --- 9. The built plugin in Chromium, fed by real Prometheus --------------------
next "Browser tests: the built plugin in Chromium on Grafana 12.4's shared modules"
PERFSCOPE_GRAFANA=12 npx jest --selectProjects browser --maxWorkers 1 --json --outputFile "$ARTIFACTS/jest-browser.json"

# --- 10. The same built plugin on Grafana 13's shared modules (React 19) ---------
next "Browser tests: the same built plugin on Grafana 13's shared modules (React 19)"
PERFSCOPE_GRAFANA=13 npx jest --selectProjects browser --maxWorkers 1 --json --outputFile "$ARTIFACTS/jest-browser-grafana13.json"

# --- 11. plugin-e2e against the docker stack (only where Grafana answers) ------
next "plugin-e2e specs (docker stack)"
node scripts/e2e.mjs

# --- Summary ----------------------------------------------------------------------
node scripts/summary.mjs "$ARTIFACTS"/jest-*.json
