#!/usr/bin/env bash
# package.sh - make install and the Debian package, from the build tree the tested binary is in
# ($1 = BUILD/safeguard): cmake --install honours --prefix and DESTDIR and puts every file
# under them; cpack builds the .deb, whose contents, control fields, conffiles and maintainer
# scripts are checked; the packaged binary runs (--version, init); the unit passes
# systemd-analyze verify with the hardening directives set; the man page has every verb the
# CLI lists and lints clean; the maintainer scripts, then dpkg itself (install, upgrade,
# remove, purge), run against scratch roots with adduser, systemctl & co. stubbed. Nothing
# outside $WORK is written, except the build tree's install_manifest.txt.
source "$(dirname "$0")/lib.bash"
SG=$(readlink -f "$SG")
BUILD=$(dirname "$SG")
[ -f "$BUILD/CPackConfig.cmake" ] || fail "no CPackConfig.cmake beside $SG"
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze groff gzip; do
  command -v "$tool" >/dev/null || fail "$tool missing (scripts/install-deps.sh installs it)"
done
want=$(sed -n 's/^project(safeguard VERSION \([0-9][0-9.]*\) .*/\1/p' \
  "${SG_SOURCE_DIR:?set by CTest}/CMakeLists.txt")

# --- make install: --prefix and DESTDIR -------------------------------------------------------
DESTDIR="$WORK/d" cmake --install "$BUILD" --prefix /opt/sg >/dev/null
for f in bin/safeguard share/man/man1/safeguard.1.gz share/doc/safeguard/README.md \
  share/doc/safeguard/copyright share/doc/safeguard/operations.md share/doc/safeguard/store.md \
  share/doc/safeguard/examples/report/config.json share/safeguard/comparators_england.csv \
  lib/systemd/system/safeguard.service etc/default/safeguard; do
  [ -f "$WORK/d/opt/sg/$f" ] || fail "make install: no $f under DESTDIR/PREFIX"
done
stray=$(cd "$WORK/d" && find . -type f ! -path './opt/sg/*')
[ -z "$stray" ] || fail "make install wrote outside PREFIX: $stray"
[ -x "$WORK/d/opt/sg/bin/safeguard" ] || fail "installed binary not executable"
unit="$WORK/d/opt/sg/lib/systemd/system/safeguard.service"
grep -qx 'ExecStart=/opt/sg/bin/safeguard --store /var/lib/safeguard serve --listen 127.0.0.1:8080 $SAFEGUARD_ARGS' \
  "$unit" || fail "unit's ExecStart does not name PREFIX/bin: $(grep ExecStart "$unit")"
grep -qx 'EnvironmentFile=-/opt/sg/etc/default/safeguard' "$unit" || fail "EnvironmentFile"
# PREFIX=/usr puts configuration in /etc, as Debian does (GNUInstallDirs' rule).
DESTDIR="$WORK/u" cmake --install "$BUILD" --prefix /usr >/dev/null
[ -f "$WORK/u/etc/default/safeguard" ] && [ ! -e "$WORK/u/usr/etc" ] ||
  fail "PREFIX=/usr: defaults file not in /etc"
grep -qx 'EnvironmentFile=-/etc/default/safeguard' "$WORK/u/usr/lib/systemd/system/safeguard.service" ||
  fail "PREFIX=/usr: unit does not read /etc/default/safeguard"
ok "cmake --install honours --prefix and DESTDIR; the unit names the installed paths"

# --- the unit: systemd-analyze verify, and the hardening -------------------------------------
# An install without DESTDIR, so the unit's ExecStart exists where it says and verify can check
# it. --man=no: the man page it names is checked below without needing man-db.
cmake --install "$BUILD" --prefix "$WORK/inst" >/dev/null
iunit="$WORK/inst/lib/systemd/system/safeguard.service"
systemd-analyze verify --man=no "$iunit" >"$WORK/verify" 2>&1 ||
  { cat "$WORK/verify" >&2; fail "systemd-analyze verify"; }
# verify only warns about unknown keys; a warning is a failure here.
[ ! -s "$WORK/verify" ] || { cat "$WORK/verify" >&2; fail "systemd-analyze verify warned"; }
for d in 'User=safeguard' 'Group=safeguard' 'StateDirectory=safeguard' 'StateDirectoryMode=0700' \
  'UMask=0077' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' \
  'CapabilityBoundingSet=' 'AmbientCapabilities=' 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
  'SystemCallFilter=@system-service' 'PrivateDevices=yes' 'MemoryDenyWriteExecute=yes'; do
  grep -qx -- "$d" "$iunit" || fail "unit lacks $d"
done
grep -E '^(ReadWritePaths|User=root|DynamicUser)' "$iunit" && fail "unit widens access"
# systemd's own score of the sandbox: 0 (locked down) .. 10 (unprotected); "OK" is below 2.
systemd-analyze security --offline=yes "$iunit" >"$WORK/sec" 2>&1 || true
score=$(sed -n 's/.*Overall exposure level for safeguard.service: \([0-9.]*\) .*/\1/p' "$WORK/sec")
[ -n "$score" ] || { cat "$WORK/sec" >&2; fail "no exposure score"; }
awk -v s="$score" 'BEGIN { exit !(s < 2.0) }' || fail "exposure $score, want < 2.0"
ok "unit verifies clean; hardening directives present; systemd exposure $score"

# --- the man page: every verb, lint-clean ------------------------------------------------------
man="$WORK/inst/share/man/man1/safeguard.1.gz"
gzip -dc "$man" >"$WORK/safeguard.1"
groff -man -Tutf8 -ww -z "$WORK/safeguard.1" 2>"$WORK/lint" || fail "groff failed"
[ ! -s "$WORK/lint" ] || { cat "$WORK/lint" >&2; fail "man page has groff warnings"; }
groff -man -Tascii -P-c -P-b -P-u -P-o -rLL=200n "$WORK/safeguard.1" >"$WORK/man.txt" 2>/dev/null
verbs=$("$SG" help | sed -n '/^verbs:/,/^$/s/^  \([a-z][a-z0-9_-]*\) .*/\1/p')
nverbs=$(echo "$verbs" | wc -w)
[ "$nverbs" -ge 15 ] || fail "only $nverbs verbs parsed from 'safeguard help'"
for v in $verbs; do
  grep -qx "\.SS $v" "$WORK/safeguard.1" || fail "man page has no section for verb $v"
  # Every line of the verb's own help is in the rendered page, in order.
  "$SG" help "$v" | sed 's/[[:space:]]*$//' >"$WORK/help.$v"
  python3 - "$WORK/man.txt" "$WORK/help.$v" <<'PY' || fail "man page lacks 'safeguard help $v'"
import sys
page = [l.strip() for l in open(sys.argv[1])]
want = [l.strip() for l in open(sys.argv[2]) if l.strip()]
i = 0
for l in page:
    if i < len(want) and l == want[i]:
        i += 1
sys.exit(0 if i == len(want) else 1)
PY
done
for opt in --store --json --quiet --version; do
  grep -q -- "^       $opt" "$WORK/man.txt" || fail "man page lacks global option $opt"
done
grep -q "safeguard $want" "$WORK/man.txt" || fail "man page footer lacks version $want"
ok "man page: all $nverbs verbs with their full help, global options, lints clean"

# --- the Debian package -------------------------------------------------------------------------
cpack --config "$BUILD/CPackConfig.cmake" -G DEB -B "$WORK/cpack" >"$WORK/cpack.log" 2>&1 ||
  { cat "$WORK/cpack.log" >&2; fail "cpack"; }
deb=$(ls "$WORK"/cpack/*.deb)
[ "$(basename "$deb")" = "safeguard_${want}_$(dpkg --print-architecture).deb" ] ||
  fail "package file name $(basename "$deb")"
dpkg-deb -c "$deb" | awk '{print $6}' >"$WORK/contents"
for f in ./usr/bin/safeguard ./usr/share/man/man1/safeguard.1.gz ./usr/share/doc/safeguard/copyright \
  ./usr/share/doc/safeguard/README.md ./usr/share/doc/safeguard/operations.md \
  ./usr/share/doc/safeguard/examples/report/config.json ./usr/lib/systemd/system/safeguard.service \
  ./etc/default/safeguard ./usr/share/safeguard/comparators_england.csv; do
  grep -qx -- "$f" "$WORK/contents" || fail "package lacks $f"
done
grep -E '^\./(var|home|tmp|usr/local|opt)/' "$WORK/contents" && fail "package ships files in a wrong place"
[ "$(dpkg-deb -f "$deb" Package)" = safeguard ] || fail "Package field"
[ "$(dpkg-deb -f "$deb" Version)" = "$want" ] || fail "Version field $(dpkg-deb -f "$deb" Version)"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in adduser libc6 libsqlite3-0 libmicrohttpd12 libexpat1 libjansson4 libsodium23 \
  libcmark0.30.2 libminizip1 zlib1g libgnutls30; do
  [[ ", $depends," == *", $lib "* || ", $depends," == *", $lib,"* ]] || fail "Depends lacks $lib: $depends"
done
mkdir "$WORK/ctl"
dpkg-deb -e "$deb" "$WORK/ctl"
[ "$(cat "$WORK/ctl/conffiles")" = /etc/default/safeguard ] || fail "conffiles: $(cat "$WORK/ctl/conffiles")"
for s in postinst prerm postrm; do
  [ -x "$WORK/ctl/$s" ] || fail "$s missing or not executable"
  sh -n "$WORK/ctl/$s" || fail "$s: syntax"
  # No maintainer script deletes anything: the store is the partnership's data.
  grep -Eq '(^|[^a-z-])rm( |$)|rmdir|deluser|userdel' "$WORK/ctl/$s" && fail "$s deletes something"
done
ok "package $(basename "$deb"): contents, Depends from shlibdeps, conffiles, scripts"

# The packaged binary runs from an extracted root.
dpkg-deb -x "$deb" "$WORK/root"
"$WORK/root/usr/bin/safeguard" --version | head -1 | grep -qx "safeguard $want" || fail "packaged --version"
"$WORK/root/usr/bin/safeguard" --store "$WORK/T" init >/dev/null || fail "packaged init"
[ "$(stat -c %a "$WORK/T/partnership.key")" = 600 ] && [ -s "$WORK/T/safeguard.db" ] ||
  fail "packaged init: no key (0600) and database"
grep -qx 'ExecStart=/usr/bin/safeguard --store /var/lib/safeguard serve --listen 127.0.0.1:8080 $SAFEGUARD_ARGS' \
  "$WORK/root/usr/lib/systemd/system/safeguard.service" || fail "packaged unit's ExecStart"
ok "packaged safeguard runs: --version, init"

# --- maintainer scripts, run against a scratch root with the system commands stubbed ---------
R="$WORK/sysroot" STUB="$WORK/stub" LOG="$WORK/calls"
mkdir -p "$R" "$STUB"
dpkg-deb -x "$deb" "$R"
: >"$LOG"
for c in adduser chown systemctl deb-systemd-invoke; do
  printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$c" "$LOG" >"$STUB/$c"
done
# runuser -u USER -- CMD...: logged, then CMD run as ourselves.
printf '#!/bin/sh\necho "runuser $*" >>"%s"\nshift 3\nexec "$@"\n' "$LOG" >"$STUB/runuser"
printf '#!/bin/sh\necho "getent $*" >>"%s"\nexit 2\n' "$LOG" >"$STUB/getent"          # no such user
printf '#!/bin/sh\necho "deb-systemd-helper $*" >>"%s"\nexit 0\n' "$LOG" >"$STUB/deb-systemd-helper"
chmod +x "$STUB"/*
run() { env -i PATH="$STUB:/usr/bin:/bin" DPKG_ROOT="$R" sh "$WORK/ctl/$1" "${@:2}"; }
has() { grep -qxF -- "$1" "$LOG" || { cat "$LOG" >&2; fail "$2: no call '$1'"; }; }
hasnt() { ! grep -q -- "$1" "$LOG" || { cat "$LOG" >&2; fail "$2: unexpected call '$1'"; }; }

run postinst configure >/dev/null
has "adduser --system --group --home /var/lib/safeguard --no-create-home --gecos safeguard service safeguard" postinst
has "chown safeguard:safeguard $R/var/lib/safeguard" postinst
[ "$(stat -c %a "$R/var/lib/safeguard")" = 700 ] || fail "postinst: store not 0700"
has "deb-systemd-helper enable safeguard.service" postinst
hasnt "deb-systemd-invoke" "postinst without systemd running"
has "runuser -u safeguard -- $R/usr/bin/safeguard --store $R/var/lib/safeguard init" postinst
[ "$(stat -c %a "$R/var/lib/safeguard/partnership.key")" = 600 ] &&
  [ -s "$R/var/lib/safeguard/safeguard.db" ] || fail "postinst did not init the store"
# Upgrade with systemd running: restarted, not started.
mkdir -p "$R/run/systemd/system"
: >"$LOG"
key=$(cat "$R/var/lib/safeguard/partnership.key")
run postinst configure 0.1.0 >/dev/null
has "deb-systemd-invoke restart safeguard.service" "postinst upgrade"
hasnt "runuser" "postinst upgrade (store exists)"
[ "$(cat "$R/var/lib/safeguard/partnership.key")" = "$key" ] || fail "postinst upgrade changed the key"
ok "postinst: system user, store 0700 made by init as safeguard, service enabled; upgrade restarts, key kept"

# Remove and purge keep the store; prerm stops the service only on remove.
echo data >"$R/var/lib/safeguard/safeguard.db"
echo key >"$R/var/lib/safeguard/partnership.key"
: >"$LOG"
run prerm upgrade 0.2.1 >/dev/null
hasnt "stop" "prerm upgrade"
run prerm remove >/dev/null
has "deb-systemd-invoke stop safeguard.service" "prerm remove"
run postrm remove >"$WORK/rm.out"
has "deb-systemd-helper mask safeguard.service" "postrm remove"
run postrm purge >"$WORK/purge.out"
has "deb-systemd-helper purge safeguard.service" "postrm purge"
[ "$(cat "$R/var/lib/safeguard/safeguard.db")" = data ] &&
  [ "$(cat "$R/var/lib/safeguard/partnership.key")" = key ] || fail "remove/purge touched the store"
grep -q "/var/lib/safeguard .* is kept" "$WORK/rm.out" || fail "postrm remove does not say the store is kept"
grep -q "/var/lib/safeguard .* is kept" "$WORK/purge.out" || fail "postrm purge does not say the store is kept"
ok "prerm/postrm: service stopped and masked, purged; the store and key are kept and said so"

# --- dpkg itself: install, remove, purge into a scratch root (conffile and store handling) ---
# --force-script-chrootless runs the scripts here with DPKG_ROOT set, the stubs still on PATH;
# --force-depends because the scratch root has no libraries installed.
D="$WORK/dpkgroot"
mkdir -p "$D/var/lib/dpkg/info" "$D/var/lib/dpkg/updates" "$D/var/lib/dpkg/triggers"
: >"$D/var/lib/dpkg/status"
dp() {
  env -i PATH="$STUB:/usr/sbin:/usr/bin:/sbin:/bin" dpkg --root="$D" --force-script-chrootless --force-unsafe-io \
    --force-depends --force-not-root "$@" >>"$WORK/dpkg.log" 2>&1 || { cat "$WORK/dpkg.log" >&2; fail "dpkg $*"; }
}
dp -i "$deb"
[ -x "$D/usr/bin/safeguard" ] && [ "$(stat -c %a "$D/var/lib/safeguard")" = 700 ] || fail "dpkg -i"
echo 'SAFEGUARD_ARGS="--behind-proxy"' >>"$D/etc/default/safeguard"
echo data >"$D/var/lib/safeguard/safeguard.db"
dp -i "$deb"                                              # the same version again: an upgrade
grep -qx 'SAFEGUARD_ARGS="--behind-proxy"' "$D/etc/default/safeguard" || fail "upgrade lost the edit"
dp -r safeguard
[ ! -e "$D/usr/bin/safeguard" ] || fail "dpkg -r left the binary"
[ -f "$D/etc/default/safeguard" ] || fail "dpkg -r removed the conffile"
dp -P safeguard
[ ! -e "$D/etc/default/safeguard" ] || fail "dpkg -P kept the conffile"
[ "$(cat "$D/var/lib/safeguard/safeguard.db")" = data ] || fail "dpkg -r/-P touched the store"
grep -q "is kept" "$WORK/dpkg.log" || fail "dpkg -P: no word about the kept store"
ok "dpkg -i, upgrade, -r, -P in a scratch root: edits to the conffile kept, store never touched"
