#!/usr/bin/env bash
# Installs every Debian package that safeguard's build, tests and demo need (dpkg-dev, systemd
# and groff-base: make package's dpkg-shlibdeps, and the package test's systemd-analyze verify
# of the unit and lint of the man page).
# Idempotent: does nothing when all packages are present. Runs as root (or via sudo).
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config
  clang-14 libclang-rt-14-dev clang-format-14
  libsqlite3-dev sqlite3
  libexpat1-dev libjansson-dev libsodium-dev libmicrohttpd-dev
  libcmocka-dev libminizip-dev zlib1g-dev libcmark-dev libgnutls28-dev
  nettle-dev libqrencode-dev zbar-tools libxlsxwriter-dev
  chromium fonts-dejavu-core
  curl python3 nodejs npm openssl
  dpkg-dev systemd groff-base
)
# Extra packages for the load benchmarks only.
if [ "${SG_DEPS_EXTRA:-}" = "1" ]; then
  PKGS+=(wrk)
fi

# Tools that may already be there from another source (Node.js from NodeSource bundles its own
# npm, which conflicts with Debian's npm package): a working command counts as installed.
provides() {
  case "$1" in
    nodejs) command -v node >/dev/null 2>&1 ;;
    npm) command -v npm >/dev/null 2>&1 ;;
    python3) command -v python3 >/dev/null 2>&1 ;;
    curl) command -v curl >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || provides "$p" ||
    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "install-deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser test (tests/e2e/web_browser.sh) drives Debian's chromium with playwright-core from
# npm, cached here so that the tests themselves never need the network. Tests never skip: without
# it (or chromium, node, npm) that test fails.
pw=${SG_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/safeguard/playwright}
if [ ! -d "$pw/node_modules/playwright-core" ]; then
  echo "install-deps: installing playwright-core into $pw" >&2
  mkdir -p "$pw"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$pw" \
    playwright-core@1 >/dev/null
fi
# The accessibility checker of the partner returns' browser test (tests/e2e/web_browser_returns.sh):
# axe-core from npm, cached the same way in a folder of its own.
axe=${SG_AXE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/safeguard/axe}
if [ ! -f "$axe/node_modules/axe-core/axe.min.js" ]; then
  echo "install-deps: installing axe-core into $axe" >&2
  mkdir -p "$axe"
  npm install --silent --no-audit --no-fund --prefix "$axe" axe-core@4 >/dev/null
fi
