#!/usr/bin/env bash
# Running the web service (docs/web.md "Operations"): /healthz (200 with the schema and the
# release, no audit entry, 503 when the store is broken); the access log (one JSON line per
# request with the route pattern: an identifier in the path or the query leaves no trace; the
# user's login name; the client after the proxy rules); trusted proxies (X-Forwarded-For and
# -Proto believed only from --trust-proxy addresses; the login throttle blocks the attacker's
# address, not everyone behind the proxy; HSTS and Secure cookies when the proxy says https;
# --behind-proxy); libmicrohttpd's limits answered by us with our security headers (URI too
# long, 3,000 query parameters, too many parameters, headers too large) on a raw socket; and
# the slowloris attack of issue 12 (2 x 128 slow connections from 127.0.0.2 and 127.0.0.3:
# 16 held per address, each closed by the 10 s header deadline, a normal client served in
# under 1 s, RSS under 150 MB; a trusted proxy's address exempt from the per-address limit).
# Loopback only; stops by itself.
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
command -v curl >/dev/null || fail "curl not found (scripts/install-deps.sh installs it)"
command -v python3 >/dev/null || fail "python3 not found (scripts/install-deps.sh installs it)"
command -v sqlite3 >/dev/null || fail "sqlite3 not found (scripts/install-deps.sh installs it)"
store="$WORK/store"
"$SG" --store "$store" init >/dev/null
PW="correct horse battery staple 42"
printf '%s\n' "$PW" | "$SG" --store "$store" user add bunit1 --role business --password-file - \
  >/dev/null 2>&1 || fail "user add"

PID=""
start_server() { # start_server [EXTRA ARGS]
  rm -f "$WORK/port"
  "$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" "$@" \
    >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
  PORT=$(cat "$WORK/port")
  BASE="http://127.0.0.1:$PORT"
}
stop_server() {
  [ -n "$PID" ] || return 0
  kill -TERM "$PID"
  local rc=0; wait "$PID" || rc=$?
  PID=""
  [ "$rc" = 0 ] || fail "server exited $rc on SIGTERM"
}
trap 'if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi; rm -rf "$WORK"' EXIT

# req JAR METHOD PATH [curl args...]: sets CODE, BODY (file) and HDR (file)
req() {
  local jar=$1 method=$2 path=$3; shift 3
  CODE=$(curl -s -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -b "$jar" -c "$jar" \
    -X "$method" "$@" "$BASE$path")
  BODY="$WORK/body"; HDR="$WORK/hdr"
}
expect() { [ "$CODE" = "$1" ] || { head -c 600 "$BODY" >&2; fail "$2: HTTP $CODE, wanted $1"; }; }
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="//; s/"$//'; }
# try_login JAR USER PASSWORD [curl args...]: one password login; CODE is 303 on success
try_login() {
  local jar=$1 user=$2 pw=$3; shift 3
  rm -f "$jar"
  req "$jar" GET /login "$@"; expect 200 "login form"
  local tok; tok=$(csrf_of)
  req "$jar" POST /login "$@" --data-urlencode "csrf=$tok" --data-urlencode "username=$user" \
    --data-urlencode "password=$pw"
}
audit_rows() { q "$store" "SELECT count(*) FROM audit_log"; }
# wait_log N: the access log line is written once the answer is sent, a moment after curl has
# it; wait (up to 10 s) until the log has at least N lines
wait_log() {
  for _ in $(seq 1 100); do [ "$(wc -l <"$log")" -ge "$1" ] && return 0; sleep 0.1; done
  cat "$log"; fail "the access log has $(wc -l <"$log") lines, wanted $1"
}

# ---- /healthz ----
log="$WORK/access.log"
start_server --access-log "$log"
want_schema=$(q "$store" "PRAGMA user_version")
want_version=$(sed -n 's/^project(safeguard VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$want_version" ] || fail "no version in CMakeLists.txt"
try_login "$WORK/j" bunit1 "$PW"; expect 303 "login"
before=$(audit_rows)
req "$WORK/j" GET /healthz; expect 200 "healthz"
[ "$(cat "$BODY")" = "{\"status\":\"ok\",\"schema\":$want_schema,\"version\":\"$want_version\"}" ] ||
  fail "healthz body: $(cat "$BODY")"
grep -qi '^content-type: application/json' "$HDR" || fail "healthz content type"
grep -qi '^x-content-type-options: nosniff' "$HDR" || fail "healthz security headers"
grep -qi '^set-cookie' "$HDR" && fail "healthz sets a cookie"
req "$WORK/none" GET /healthz; expect 200 "healthz without a session"
req "$WORK/none" POST /healthz; expect 405 "healthz is GET only"
[ "$(audit_rows)" = "$before" ] || fail "healthz wrote an audit entry"
ok "/healthz: 200 {status, schema $want_schema, version $want_version}, no cookie, no audit entry"

# ---- the access log: route patterns, never the URL ----
: >"$log"
req "$WORK/j" GET "/submissions/C9876543ZZ?child=C1234567QQ&upn=A123456789012"
req "$WORK/j" GET "/registers/case_review/RV%2DC555111?view=C555222"
req "$WORK/none" GET "/no/such/C777333"
req "$WORK/j" GET "/submissions"; expect 200 "submissions"
wait_log 4
[ "$(wc -l <"$log")" = 4 ] || { cat "$log"; fail "4 requests, $(wc -l <"$log") log lines"; }
for secret in C9876543ZZ C1234567QQ A123456789012 upn child RV C555111 C555222 C777333 '?' view; do
  grep -q -- "$secret" "$log" && { cat "$log"; fail "the access log holds '$secret'"; }
done
python3 - "$log" <<'PY' || fail "access log lines"
import json, re, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
want = [("GET", "/submissions/{}", 404, "bunit1"), ("GET", "/registers/{}/{*}", None, "bunit1"),
        ("GET", "-", 404, "-"), ("GET", "/submissions", 200, "bunit1")]
for l, (m, route, status, user) in zip(lines, want):
    assert list(l) == ["time", "client", "user", "method", "route", "status", "bytes", "ms"], l
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", l["time"]), l
    assert (l["method"], l["route"], l["user"], l["client"]) == (m, route, user, "127.0.0.1"), l
    assert status is None or l["status"] == status, l
    assert l["bytes"] > 0 and l["ms"] >= 0, l
PY
ok "access log: one JSON line per request, route pattern, user, client; no identifier from path or query"

# ---- answers over our limits come from us, with our headers (raw socket) ----
python3 - "$PORT" <<'PY' || fail "our answers to oversized requests"
import socket, sys
port = int(sys.argv[1])
def ask(req):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(req)
    data = b""
    while True:
        c = s.recv(65536)
        if not c:
            break
        data += c
    s.close()
    head = data.split(b"\r\n\r\n")[0].decode("latin-1").lower()
    return head.split("\r\n")[0], head
H = b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
cases = [
    ("URI of 4,097 bytes", b"GET /" + b"a" * 4096 + H + b"\r\n", "414"),
    ("URI of 4,096 bytes", b"GET /" + b"a" * 4095 + H + b"\r\n", "404"),
    ("3,000 query parameters", b"GET /?" + b"&".join(b"p%d=1" % i for i in range(3000)) + H + b"\r\n", "414"),
    ("201 query parameters", b"GET /?" + b"&".join([b"a"] * 201) + H + b"\r\n", "400"),
    ("200 query parameters", b"GET /?" + b"&".join([b"a"] * 200) + H + b"\r\n", "200"),
    ("2,000 query parameters in 4 KiB", b"GET /?" + b"&".join([b"a"] * 2000) + H + b"\r\n", "400"),
    ("headers of 70 KB", b"GET /" + H + b"X-Big: " + b"a" * 70000 + b"\r\n\r\n", "431"),
    ("headers of 60 KB", b"GET /" + H + b"X-Big: " + b"a" * 60000 + b"\r\n\r\n", "200"),
]
for name, req, want in cases:
    status, head = ask(req)
    assert status.split()[1] == want, (name, status)
    for h in ("content-security-policy: default-src 'none'", "x-content-type-options: nosniff",
              "x-frame-options: deny", "referrer-policy: no-referrer", "cache-control: no-store"):
        assert h in head, (name, h, head)
    print("ok -", name, status)
PY
ok "414 (URI over 4 KiB, 3,000 parameters), 400 (over 200 parameters), 431 (headers over 64 KiB) with our headers; both sides of each limit"
stop_server

# ---- /healthz when the store is broken ----
start_server
req "$WORK/none" GET /healthz; expect 200 "healthz before"
cp "$store/safeguard.db" "$WORK/db.bak"
printf 'this is not a database, it is junk' | dd of="$store/safeguard.db" bs=1 seek=0 conv=notrunc 2>/dev/null
req "$WORK/none" GET /healthz; expect 503 "healthz with a broken store"
[ "$(cat "$BODY")" = '{"status":"unavailable"}' ] || fail "503 body: $(cat "$BODY")"
stop_server
cp "$WORK/db.bak" "$store/safeguard.db"
ok "/healthz: 503 {\"status\":\"unavailable\"} when the store no longer answers"

# ---- trusted proxies ----
: >"$log"
start_server --trust-proxy 127.0.0.2 --access-log "$log"
P2=(--interface 127.0.0.2)
# from the trusted proxy: the right-most untrusted X-Forwarded-For address is the client
req "$WORK/none" GET /healthz "${P2[@]}" -H "X-Forwarded-For: 198.51.100.1, 203.0.113.7"
req "$WORK/none" GET /healthz "${P2[@]}" -H "X-Forwarded-For: 203.0.113.8, 127.0.0.2"
req "$WORK/none" GET /healthz "${P2[@]}" -H "X-Forwarded-For: junk, 203.0.113.9"
req "$WORK/none" GET /healthz "${P2[@]}" -H "X-Forwarded-For: 203.0.113.9, junk"
req "$WORK/none" GET /healthz "${P2[@]}"
# from anyone else the header is ignored
req "$WORK/none" GET /healthz -H "X-Forwarded-For: 203.0.113.10"
req "$WORK/none" GET /healthz --interface 127.0.0.3 -H "X-Forwarded-For: 203.0.113.11"
wait_log 7
got=$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["client"] for l in open(sys.argv[1])))' "$log")
[ "$got" = "203.0.113.7 203.0.113.8 203.0.113.9 127.0.0.2 127.0.0.2 127.0.0.1 127.0.0.3" ] ||
  fail "clients after proxy rules: $got"
ok "X-Forwarded-For believed only from the trusted proxy; right-most untrusted address; junk stops the walk"

# HSTS and Secure cookies only when the trusted proxy says https
req "$WORK/p" GET /login "${P2[@]}" -H "X-Forwarded-Proto: https"
grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' "$HDR" ||
  fail "no HSTS behind an https proxy"
grep -i '^set-cookie: sg_pre=' "$HDR" | grep -qi '; secure' || fail "cookie not Secure behind an https proxy"
req "$WORK/p" GET /login -H "X-Forwarded-Proto: https"
grep -qi '^strict-transport-security' "$HDR" && fail "HSTS from an untrusted X-Forwarded-Proto"
grep -i '^set-cookie: sg_pre=' "$HDR" | grep -qi '; secure' && fail "Secure from an untrusted X-Forwarded-Proto"
req "$WORK/p" GET /login "${P2[@]}" -H "X-Forwarded-Proto: http"
grep -qi '^strict-transport-security' "$HDR" && fail "HSTS when the proxy says http"
ok "HSTS and Secure cookies when the trusted proxy says https, not from anyone else"

# the login throttle: 20 failures from one client behind the proxy block that client only
for i in $(seq 1 20); do
  try_login "$WORK/a" "nobody$i" wrong "${P2[@]}" -H "X-Forwarded-For: 203.0.113.66"
  expect 401 "failure $i"
done
try_login "$WORK/a" bunit1 "$PW" "${P2[@]}" -H "X-Forwarded-For: 203.0.113.66"
expect 401 "the attacker's address is throttled"
try_login "$WORK/b" bunit1 "$PW" "${P2[@]}" -H "X-Forwarded-For: 203.0.113.67"
expect 303 "another client behind the same proxy logs in"
try_login "$WORK/c" bunit1 "$PW" -H "X-Forwarded-For: 203.0.113.66"
expect 303 "a direct client claiming the attacker's address is not throttled"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='login_failed' AND client='203.0.113.66'")" = 21 ] ||
  fail "audit: 21 failures recorded for the attacker's address"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='login_failed' AND client='127.0.0.2'")" = 0 ] ||
  fail "audit: failures recorded against the proxy's address"
stop_server # every answer sent, every line written
grep -q '"client":"203.0.113.67","user":"-","method":"POST","route":"/login","status":303' "$log" ||
  fail "access log: the login from behind the proxy"
ok "throttle, audit and access log see the client behind the proxy: one attacker blocks only itself"

# --behind-proxy: a proxy on this machine, always https
start_server --behind-proxy --access-log "$log"
: >"$log"
req "$WORK/q" GET /login -H "X-Forwarded-For: 203.0.113.70"
grep -qi '^strict-transport-security: max-age=31536000' "$HDR" || fail "--behind-proxy: HSTS"
grep -i '^set-cookie: sg_pre=' "$HDR" | grep -qi '; secure' || fail "--behind-proxy: Secure"
wait_log 1
grep -q '"client":"203.0.113.70"' "$log" || fail "--behind-proxy trusts 127.0.0.1"
stop_server
start_server
req "$WORK/q" GET /login -H "X-Forwarded-For: 203.0.113.70" -H "X-Forwarded-Proto: https"
grep -qi '^strict-transport-security' "$HDR" && fail "plain HTTP sends HSTS"
grep -i '^set-cookie: sg_pre=' "$HDR" | grep -qi '; secure' && fail "plain HTTP marks cookies Secure"
stop_server
ok "--behind-proxy = trust 127.0.0.1 and always https; plain HTTP has neither HSTS nor Secure"

# ---- slowloris (issue 12 item 3) ----
start_server
res=$(python3 "$SRC/tests/e2e/web_slow_clients.py" "$PORT" "$PID" 15 128) || fail "slow-client driver"
echo "slow clients: $res"
python3 - "$res" <<'PY' || fail "slowloris: $res"
import json, sys
r = json.loads(sys.argv[1])
assert r["requests"] >= 20 and r["failures"] == 0, "the normal client was not served"
assert r["worst_ms"] < 1000, "the normal client waited 1 s or more"
assert r["held_max"] == {"127.0.0.2": 16, "127.0.0.3": 16}, "16 connections per address"
assert 9.0 <= r["oldest_alive_s"] <= 12.5, "the header deadline is 10 s"
assert r["closed"] >= 32, "every held connection was closed by the deadline"
assert 0 < r["peak_rss_kib"] < 150 * 1024, "RSS under 150 MB"
PY
req "$WORK/none" GET /healthz; expect 200 "still serving after the attack"
stop_server
ok "2 x 128 slow clients: 16 held per address, closed at the 10 s header deadline, normal client < 1 s, RSS < 150 MB"

# a trusted proxy carries many clients: its address has no connection limit
start_server --trust-proxy 127.0.0.2
res=$(python3 "$SRC/tests/e2e/web_slow_clients.py" "$PORT" "$PID" 3 24) || fail "slow-client driver"
python3 - "$res" <<'PY' || fail "trusted proxy's connections: $res"
import json, sys
r = json.loads(sys.argv[1])
assert r["held_max"] == {"127.0.0.2": 24, "127.0.0.3": 16}, r["held_max"]
assert r["failures"] == 0
PY
stop_server
ok "a trusted proxy's address is exempt from the 16 per address (24 held); others still 16"
