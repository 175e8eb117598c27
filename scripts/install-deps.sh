#!/usr/bin/env bash
# Installs every Debian package that safeguard's build, tests and demo need.
# Idempotent: does nothing when all packages are present. Runs as root (or via sudo).
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config
  clang-14 libclang-rt-14-dev
  libsqlite3-dev sqlite3
  libexpat1-dev libjansson-dev libsodium-dev libmicrohttpd-dev
  libcmocka-dev libminizip-dev zlib1g-dev libcmark-dev
  chromium fonts-dejavu-core
  curl python3 nodejs npm
)
# Extra packages for the load benchmarks only.
if [ "${SG_DEPS_EXTRA:-}" = "1" ]; then
  PKGS+=(wrk)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
