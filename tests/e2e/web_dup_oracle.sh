#!/usr/bin/env bash
# The cross-agency duplicate oracle, written as the attack over HTTP (loopback): agency A
# (POLICE, a scoped data owner) uploads a return through the web form; agency B (HEALTH)
# uploads the byte-identical file. B's page must say nothing about A: it is accepted exactly
# as in a store where A never sent it (the same page apart from the submission number, compared
# with a control store), never "already received". A re-sending its own file is still told
# "already received as submission <A's>", and B re-sending its own, "<B's>". Both copies stay
# readable (one shared original) after `store sweep`.
source "$(dirname "$0")/lib.bash"
need_tool curl
need_tool python3 # TOTP codes
need_tool sqlite3

cat >"$WORK/return.csv" <<'CSV'
child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,return_interview_offered,return_interview_accepted
C100,F,2010-04-02,E1,HOME,M,2024-05-01,2024-05-02,Y,Y
C101,M,2009-01-15,E2,CARE,A,2024-06-10,2024-06-11,Y,N
CSV

PW="correct horse battery staple 42"
declare -A SECRET
adduser() { # adduser STORE NAME AGENCY
  printf '%s\n' "$PW" | "$SG" --store "$1" user add "$2" --role agency --agency "$3" \
    --password-file - >"$WORK/user_$2.out" 2>&1 || { cat "$WORK/user_$2.out"; fail "user add $2"; }
  SECRET[$1:$2]=$(grep -oE 'secret=[A-Z2-7]{16,}|\b[A-Z2-7]{32}\b' "$WORK/user_$2.out" | head -1 |
    sed 's/^secret=//')
  [ -n "${SECRET[$1:$2]}" ] || fail "no TOTP secret printed for $2"
}
for st in store control; do
  "$SG" --store "$WORK/$st" init >/dev/null
  adduser "$WORK/$st" pc.a POLICE
  adduser "$WORK/$st" nurse.b HEALTH
done

PID=""
SERVED=""
start_server() { # start_server STORE
  SERVED=$1
  rm -f "$WORK/port"
  "$SG" --store "$1" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
  BASE="http://127.0.0.1:$(cat "$WORK/port")"
}
stop_server() {
  kill -TERM "$PID"; local rc=0; wait "$PID" || rc=$?; PID=""
  [ "$rc" = 0 ] || fail "server exited $rc on SIGTERM"
}
trap 'if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi; rm -rf "$WORK"' EXIT

req() { # req JAR METHOD PATH [curl args...]: sets CODE and BODY
  local jar=$1 method=$2 path=$3; shift 3
  CODE=$(curl -s -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -b "$jar" -c "$jar" \
    -X "$method" "$@" "$BASE$path")
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
  rm -f "$1"
  req "$1" GET /login; local tok; tok=$(csrf_of)
  req "$1" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=$2" \
    --data-urlencode "password=$PW"
  expect 303 "login $2"
  req "$1" GET /login/totp; tok=$(csrf_of)
  req "$1" POST /login/totp --data-urlencode "csrf=$tok" --data-urlencode "code=$(totp "${SECRET[$SERVED:$2]}")"
  expect 303 "second factor of $2"
}
upload() { # upload JAR: the same return, as the uploader's own agency; the page's main text in $WORK/said
  req "$1" GET /upload; local tok; tok=$(csrf_of)
  req "$1" POST /upload -F "csrf=$tok" -F "period=2024-25" -F "format=agency/police_missing" \
    -F "file=@$WORK/return.csv;filename=return.csv"
  # what the page says about the file, with the submission number and token taken out
  sed -n '/<main/,/<\/main>/p' "$BODY" | sed -E 's/[0-9a-f]{64}//g; s/submission [0-9]+/submission N/g; s#/submissions/[0-9]+#/submissions/N#g' \
    >"$WORK/said"
}

# ---- the control: HEALTH alone ----
start_server "$WORK/control"
login "$WORK/b" nurse.b
upload "$WORK/b"; expect 200 "HEALTH's upload in the control store"
cp "$WORK/said" "$WORK/said.control"
grep -q "Accepted: submission N" "$WORK/said.control" || fail "control upload not accepted: $(cat "$WORK/said.control")"
stop_server

# ---- the attack: POLICE first, then HEALTH with the same bytes ----
store="$WORK/store"
start_server "$store"
login "$WORK/a" pc.a
login "$WORK/b" nurse.b
upload "$WORK/a"; expect 200 "POLICE's upload"
grep -q "Accepted" "$BODY" || fail "POLICE's upload not accepted"
a_sub=$(q "$store" "SELECT id FROM submission WHERE agency = 'POLICE'")
upload "$WORK/b"; expect 200 "HEALTH's upload of the same bytes"
grep -q "already received" "$BODY" && fail "HEALTH learned that the file was already received"
diff "$WORK/said.control" "$WORK/said" >&2 || fail "HEALTH's page differs from the control store's"
b_sub=$(q "$store" "SELECT id FROM submission WHERE agency = 'HEALTH'")
[ -n "$b_sub" ] && [ "$b_sub" != "$a_sub" ] || fail "HEALTH's copy not stored as its own submission"
grep -q "submission $a_sub\b\|/submissions/$a_sub\"" "$BODY" && fail "HEALTH's page names POLICE's submission"
ok "an agency uploading another agency's exact return is answered as if it had never been sent"

# ---- each agency re-sending its own file: its own duplicate message ----
upload "$WORK/a"; expect 200 "POLICE again"
grep -q "already received as submission $a_sub;" "$BODY" || fail "POLICE not told of its own duplicate"
upload "$WORK/b"; expect 200 "HEALTH again"
grep -q "already received as submission $b_sub;" "$BODY" || fail "HEALTH not told of its own duplicate"
[ "$(q "$store" "SELECT count(*) FROM submission")" = 2 ] || fail "a duplicate was stored"
ok "re-sending one's own return is still 'already received as' one's own submission"
stop_server

# ---- one original for both, kept by the sweep ----
[ "$(q "$store" "SELECT count(DISTINCT sha256) FROM submission")" = 1 ] || fail "not the same digest"
[ "$(find "$store/originals" -name 'k-*' | wc -l)" = 1 ] || fail "wanted one shared original"
"$SG" --store "$store" store sweep >"$WORK/sweep.out" 2>&1 || { cat "$WORK/sweep.out"; fail "sweep"; }
[ "$(find "$store/originals" -name 'k-*' | wc -l)" = 1 ] || fail "the sweep removed the shared original"
for s in "$a_sub" "$b_sub"; do
  "$SG" --store "$store" validate "$s" >"$WORK/v.out" 2>&1 || { cat "$WORK/v.out"; fail "re-validating $s from its original"; }
done
ok "both submissions' shared original survives the sweep and re-reads for each"
