#!/usr/bin/env bash
# HTTPS with libmicrohttpd's own TLS (`serve --tls-cert F --tls-key F`): a self-signed
# certificate made here with openssl; wrong files refused at start with the file named
# (missing, not PEM, a key that belongs to another certificate, one option without the other);
# TLS 1.2 and 1.3 accepted, 1.1 and 1.0 refused; plain HTTP on the TLS port gets no page;
# Strict-Transport-Security on every answer (pages, errors, JSON, our 414) and cookies Secure,
# including the session cookie after a login.
source "$(dirname "$0")/lib.bash"
command -v curl >/dev/null || fail "curl not found (scripts/install-deps.sh installs it)"
command -v openssl >/dev/null || fail "openssl not found (scripts/install-deps.sh installs it)"
command -v python3 >/dev/null || fail "python3 not found (scripts/install-deps.sh installs it)"
store="$WORK/store"
"$SG" --store "$store" init >/dev/null
PW="correct horse battery staple 42"
printf '%s\n' "$PW" | "$SG" --store "$store" user add bunit1 --role business --password-file - \
  >/dev/null 2>&1 || fail "user add"

# a self-signed certificate for 127.0.0.1, and an unrelated key
mkcert() { # mkcert NAME
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$WORK/$1.key" -out "$WORK/$1.crt" 2>"$WORK/openssl.err" ||
    { cat "$WORK/openssl.err"; fail "openssl req"; }
}
mkcert a
mkcert b
echo "just some text" >"$WORK/notpem.txt"
sed 's/^[A-Za-z0-9+/=]\{8\}/AAAAAAAA/' "$WORK/a.crt" >"$WORK/badpem.crt"

# refused at start, naming the file
refuse() { # refuse DESCRIPTION PATTERN ARGS...
  local what=$1 pat=$2; shift 2
  set +e
  timeout 20 "$SG" --store "$store" serve --listen 127.0.0.1:0 "$@" >"$WORK/out" 2>"$WORK/err"
  local rc=$?
  set -e
  [ "$rc" != 0 ] && [ "$rc" != 124 ] || { cat "$WORK/err"; fail "$what: exit $rc, wanted a refusal"; }
  grep -q -- "$pat" "$WORK/err" || { cat "$WORK/err"; fail "$what: message should say '$pat'"; }
}
refuse "missing certificate" "$WORK/nope.crt.*cannot read" --tls-cert "$WORK/nope.crt" --tls-key "$WORK/a.key"
refuse "missing key" "$WORK/nope.key.*cannot read" --tls-cert "$WORK/a.crt" --tls-key "$WORK/nope.key"
refuse "certificate not PEM" "$WORK/notpem.txt.*not a PEM file" --tls-cert "$WORK/notpem.txt" --tls-key "$WORK/a.key"
refuse "key not PEM" "$WORK/notpem.txt.*not a PEM file" --tls-cert "$WORK/a.crt" --tls-key "$WORK/notpem.txt"
refuse "damaged certificate" "$WORK/badpem.crt.*no certificate" --tls-cert "$WORK/badpem.crt" --tls-key "$WORK/a.key"
refuse "a key as the certificate" "$WORK/a.key.*no certificate" --tls-cert "$WORK/a.key" --tls-key "$WORK/a.key"
refuse "a certificate as the key" "$WORK/a.crt.*no private key" --tls-cert "$WORK/a.crt" --tls-key "$WORK/a.crt"
refuse "another certificate's key" "$WORK/b.key.*does not belong to the certificate in $WORK/a.crt" \
  --tls-cert "$WORK/a.crt" --tls-key "$WORK/b.key"
refuse "certificate without key" "go together" --tls-cert "$WORK/a.crt"
refuse "key without certificate" "go together" --tls-key "$WORK/a.key"
chmod 000 "$WORK/a.key"
if [ "$(id -u)" != 0 ]; then
  refuse "unreadable key" "$WORK/a.key.*cannot read" --tls-cert "$WORK/a.crt" --tls-key "$WORK/a.key"
fi
chmod 600 "$WORK/a.key"
ok "wrong certificate or key files are refused at start with the file named"

PID=""
trap 'if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi; rm -rf "$WORK"' EXIT
rm -f "$WORK/port"
"$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" \
  --tls-cert "$WORK/a.crt" --tls-key "$WORK/a.key" >"$WORK/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
PORT=$(cat "$WORK/port")
BASE="https://127.0.0.1:$PORT"
grep -q "on https://127.0.0.1:$PORT/" "$WORK/serve.log" || fail "start line should say https"
C=(--cacert "$WORK/a.crt")

req() { # req JAR METHOD PATH [curl args...]: CODE, BODY, HDR
  local jar=$1 method=$2 path=$3; shift 3
  CODE=$(curl -s "${C[@]}" -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -b "$jar" -c "$jar" \
    -X "$method" "$@" "$BASE$path")
  BODY="$WORK/body"; HDR="$WORK/hdr"
}
expect() { [ "$CODE" = "$1" ] || { head -c 600 "$BODY" >&2; fail "$2: HTTP $CODE, wanted $1"; }; }
hsts() { grep -qi '^strict-transport-security: max-age=31536000; includeSubDomains' "$HDR" || fail "no HSTS on $1"; }

# protocol versions
for v in 1.2 1.3; do
  curl -s "${C[@]}" -o /dev/null --tlsv$v --tls-max $v "$BASE/healthz" || fail "TLS $v refused"
done
for v in 1.1 1.0; do
  rc=0; curl -s -k -o /dev/null --tlsv$v --tls-max $v "$BASE/healthz" || rc=$?
  [ "$rc" != 0 ] || fail "TLS $v accepted"
done
rc=0; curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/healthz" || rc=$?
[ "$rc" != 0 ] || fail "plain HTTP answered on the TLS port"
ok "TLS 1.2 and 1.3 accepted, 1.1 and 1.0 refused, no plain HTTP on the TLS port"

# HSTS on every answer, Secure cookies
req "$WORK/j" GET /; expect 200 "start page"; hsts "the start page"
req "$WORK/j" GET /no/such/page; expect 404 "unknown page"; hsts "a 404"
req "$WORK/j" GET /healthz; expect 200 "healthz"; hsts "/healthz"
req "$WORK/j" GET /api/me; expect 401 "API without a session"; hsts "an API error"
req "$WORK/j" GET "/$(head -c 5000 /dev/zero | tr '\0' a)"; expect 414 "long URI"; hsts "our 414"
req "$WORK/j" GET /login; expect 200 "login form"; hsts "the login form"
grep -i '^set-cookie: sg_pre=' "$HDR" | grep -qi '; secure' || fail "the pre-login cookie is not Secure"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="//; s/"$//')
req "$WORK/j" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=bunit1" \
  --data-urlencode "password=$PW"
expect 303 "login over HTTPS"; hsts "the login answer"
grep -i '^set-cookie: sg_session=' "$HDR" | grep -qi '; secure' || fail "the session cookie is not Secure"
req "$WORK/j" GET /submissions; expect 200 "a page with the session"; hsts "a logged-in page"
ok "HSTS on pages, errors, JSON and our 414; pre-login and session cookies Secure; login works over HTTPS"

kill -TERM "$PID"; rc=0; wait "$PID" || rc=$?; PID=""
[ "$rc" = 0 ] || fail "server exited $rc on SIGTERM"
ok "the HTTPS server stops cleanly"
