# web_lib.bash - the web-service harness two e2e scripts share (source it after lib.bash, with
# $store initialised): users with a password (and their TOTP secret when enrolment prints one),
# a server on a loopback port (stopped, with $WORK removed, on exit) and a cookie-jar client
# that logs in through the forms, second factor included.
PW="correct horse battery staple 42"
declare -A SECRET
adduser() { # adduser NAME ROLE [AGENCY]
  local extra=()
  [ -n "${3:-}" ] && extra=(--agency "$3")
  printf '%s\n' "$PW" | "$SG" --store "$store" user add "$1" --role "$2" "${extra[@]}" \
    --password-file - >"$WORK/user_$1.out" 2>&1 || { cat "$WORK/user_$1.out"; fail "user add $1"; }
  SECRET[$1]=$(grep -oE 'secret=[A-Z2-7]{16,}' "$WORK/user_$1.out" | head -1 | sed 's/^secret=//') || true
}

PID=""
trap 'if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi; rm -rf "$WORK"' EXIT
serve() { # serve: starts the server on $store; sets PID and BASE
  "$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
  BASE="http://127.0.0.1:$(cat "$WORK/port")"
}

req() { # req JAR METHOD PATH [curl args...]: sets CODE and BODY
  local jar=$1 method=$2 path=$3; shift 3
  CODE=$(curl -s -o "$WORK/body" -w '%{http_code}' -b "$jar" -c "$jar" -X "$method" "$@" "$BASE$path")
  BODY="$WORK/body"
}
expect() { [ "$CODE" = "$1" ] || { head -c 600 "$BODY" >&2; fail "$2: HTTP $CODE, wanted $1"; }; }
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="//; s/"$//'; }
totp() {
  python3 - "$1" <<'PY'
import base64, hmac, hashlib, struct, sys, time
s = sys.argv[1]; s += "=" * (-len(s) % 8)
h = hmac.new(base64.b32decode(s), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o+4])[0] & 0x7fffffff) % 1000000))
PY
}
login() { # login JAR USER
  local jar=$1 user=$2 tok; rm -f "$jar"
  req "$jar" GET /login; expect 200 "login form"; tok=$(csrf_of)
  req "$jar" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=$user" \
    --data-urlencode "password=$PW"
  expect 303 "login $user"
  if [ -n "${SECRET[$user]:-}" ]; then
    req "$jar" GET /login/totp; expect 200 "totp form"; tok=$(csrf_of)
    req "$jar" POST /login/totp --data-urlencode "csrf=$tok" --data-urlencode "code=$(totp "${SECRET[$user]}")"
    expect 303 "totp $user"
  fi
}
