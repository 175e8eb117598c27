#!/usr/bin/env bash
# The web service over HTTP (curl against `safeguard serve` on a free loopback port): security
# headers, generic error pages, login with a wrong password, lockout after 6 failures, the TOTP
# step for roles that see child-level data, CSRF missing or wrong -> 403, logout, session
# expiry (the server restarted with --clock-offset past the idle timeout), upload accepted and
# rejected as a whole, and the role matrix: every role x page reaching exactly what it should
# (the public: the published report only).
source "$(dirname "$0")/lib.bash"
SRC=${SG_SOURCE_DIR:?}
EX="$SRC/docs/formats/examples"
store="$WORK/store"
need_tool curl
need_tool python3 # TOTP codes

"$SG" --store "$store" init >/dev/null
# Two returns from two agencies: a police missing return and a LADO return.
cat >"$WORK/police_missing.csv" <<'CSV'
child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,return_interview_offered,return_interview_accepted
C100,F,2010-04-02,E1,HOME,M,2024-05-01,2024-05-02,Y,Y
C101,M,2009-01-15,E2,CARE,A,2024-06-10,2024-06-11,Y,N
CSV
"$SG" --store "$store" import "$WORK/police_missing.csv" --agency POLICE --period 2024-25 >/dev/null
"$SG" --store "$store" import "$EX/agency_lado.csv" --agency LADO --period 2024-25 >/dev/null
police_sub=$(q "$store" "SELECT id FROM submission WHERE agency='POLICE'")
lado_sub=$(q "$store" "SELECT id FROM submission WHERE agency='LADO'")
for r in case_review audit audit_case recommendation action organisation finance_contribution \
         finance_income finance_expenditure finance_reserve; do
  "$SG" --store "$store" register $r import "$EX/register_$r.csv" >/dev/null ||
    fail "register $r import"
done

# Users: one per role. TOTP secrets come from the enrolment output.
PW="correct horse battery staple 42"
declare -A SECRET
adduser() { # adduser NAME ROLE [AGENCY]
  local extra=()
  [ -n "${3:-}" ] && extra=(--agency "$3")
  printf '%s\n' "$PW" | "$SG" --store "$store" user add "$1" --role "$2" "${extra[@]}" \
    --password-file - >"$WORK/user_$1.out" 2>&1 || { cat "$WORK/user_$1.out"; fail "user add $1"; }
  local s; s=$(grep -oE 'secret=[A-Z2-7]{16,}|\b[A-Z2-7]{32}\b' "$WORK/user_$1.out" | head -1 | sed 's/^secret=//') || true
  SECRET[$1]=$s
}
adduser admin1 admin
adduser analyst1 analyst
adduser business1 business
adduser police1 agency POLICE
adduser exec1 executive
adduser scrut1 scrutineer
adduser locky business
for u in admin1 analyst1 police1; do
  [ -n "${SECRET[$u]}" ] || fail "no TOTP secret printed for $u: $(cat "$WORK/user_$u.out")"
done
ok "users for every role created with the CLI"

mkdir -p "$store/published"
echo '<!DOCTYPE html><html><head><title>Report</title></head><body><h1>Annual report 2024-25</h1></body></html>' \
  >"$store/published/report.html"

PID=""
start_server() { # start_server [EXTRA ARGS]
  rm -f "$WORK/port"
  "$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" "$@" \
    >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
  BASE="http://127.0.0.1:$(cat "$WORK/port")"
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
expect() { # expect CODE DESCRIPTION
  [ "$CODE" = "$1" ] || { head -c 600 "$BODY" >&2; echo >&2; fail "$2: HTTP $CODE, wanted $1"; }
}
csrf_of() { grep -o 'name="csrf" value="[0-9a-f]*"' "$BODY" | head -1 | sed 's/.*value="//; s/"$//'; }
totp() { # totp SECRET [STEP_OFFSET]
  python3 - "$1" "${2:-0}" <<'PY'
import base64, hmac, hashlib, struct, sys, time
s = sys.argv[1]; s += "=" * (-len(s) % 8)
key = base64.b32decode(s)
step = int(time.time()) // 30 + int(sys.argv[2])
h = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o+4])[0] & 0x7fffffff) % 1000000))
PY
}
# login JAR USER [TOTP_STEP_OFFSET]: full login; leaves the jar holding the session
login() {
  local jar=$1 user=$2; rm -f "$jar"
  req "$jar" GET /login; expect 200 "login form"
  local tok; tok=$(csrf_of)
  req "$jar" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=$user" \
    --data-urlencode "password=$PW"
  expect 303 "login $user"
  if grep -qi '^location: /login/totp' "$HDR"; then
    req "$jar" GET /login/totp; expect 200 "totp form for $user"
    tok=$(csrf_of)
    req "$jar" POST /login/totp --data-urlencode "csrf=$tok" \
      --data-urlencode "code=$(totp "${SECRET[$user]}" "${3:-0}")"
    expect 303 "totp for $user"
  fi
}

start_server

# ---- headers and error pages ----
req "$WORK/anon" GET /
expect 200 "start page"
for h in "content-security-policy: default-src 'none'" "style-src 'self'" "frame-ancestors 'none'" \
         "form-action 'self'" "x-content-type-options: nosniff" "referrer-policy: no-referrer" \
         "cache-control: no-store"; do
  grep -qi "$h" "$HDR" || fail "missing header: $h"
done
grep -qi "<script" "$BODY" && fail "a page carries script"
req "$WORK/anon" GET /assets/app.css; expect 200 "style sheet"
grep -qi '^content-type: text/css' "$HDR" || fail "css content type"
req "$WORK/anon" GET /no/such/page; expect 404 "unknown page"
grep -q "Not found" "$BODY" || fail "404 page"
grep -Eqi "sqlite|\.c:|segfault|/work/|stack" "$BODY" && fail "error page shows internals"
req "$WORK/anon" DELETE /submissions; expect 405 "wrong method"
req "$WORK/anon" GET "/api/submissions"; expect 401 "API without login"
grep -q '"status":401' "$BODY" || fail "API error is JSON"
CODE=$(head -c 34000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -X POST \
  -H 'Content-Type: application/octet-stream' --data-binary @- "$BASE/upload")
[ "$CODE" = 413 ] || fail "oversized body: HTTP $CODE, wanted 413"
CODE=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Long: $(head -c 70000 /dev/zero | tr '\0' a)" "$BASE/")
case "$CODE" in 413|431|400) ;; *) fail "oversized header: HTTP $CODE" ;; esac
# malformed HTTP on the raw socket: the server answers or closes, and keeps serving
python3 - "$(cat "$WORK/port")" <<'PY'
import socket, sys
port = int(sys.argv[1])
bad = [b"\x00\xff\xfe garbage\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n",
       b"GET /" + b"a" * 100000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
       b"POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
       b"POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
       b"GET / HTTP/1.1\r\nHost: x\r\nCookie: sg_session=" + b"\x01" * 64 + b"\r\n\r\n",
       b"GET /%00%ff/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"]
for b in bad:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        s.sendall(b)
        s.shutdown(socket.SHUT_WR)
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()
PY
req "$WORK/anon" GET /; expect 200 "still serving after malformed requests"
ok "security headers on every response; generic 404/405/401/413; no script; malformed HTTP survives"

# ---- public: the published report only ----
req "$WORK/anon" GET /report; expect 200 "public report"
grep -q "Annual report 2024-25" "$BODY" || fail "report content"
for p in /dataset /submissions /upload /actions /registers /audit "/submissions/$police_sub"; do
  req "$WORK/anon" GET "$p"; expect 303 "public $p"
  grep -qi '^location: /login' "$HDR" || fail "public $p should go to /login"
done
ok "the public reaches the published report and nothing else"

# ---- login failures, lockout ----
req "$WORK/j" GET /login; tok=$(csrf_of)
req "$WORK/j" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=business1" \
  --data-urlencode "password=wrong password here"
expect 401 "wrong password"
grep -q "not right" "$BODY" || fail "wrong password message"
msg_wrong=$(grep -o 'class="error"[^<]*' "$BODY")
req "$WORK/j" GET /login; tok=$(csrf_of)
req "$WORK/j" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=nobody" \
  --data-urlencode "password=wrong password here"
expect 401 "unknown user"
[ "$(grep -o 'class="error"[^<]*' "$BODY")" = "$msg_wrong" ] || fail "unknown user answered differently"
req "$WORK/j" POST /login --data-urlencode "username=business1" --data-urlencode "password=$PW"
expect 403 "login without its CSRF token"
req "$WORK/j" GET /login
req "$WORK/j" POST /login --data-urlencode "csrf=$(printf '0%.0s' $(seq 64))" \
  --data-urlencode "username=business1" --data-urlencode "password=$PW"
expect 403 "login with a wrong CSRF token"
for i in 1 2 3 4 5 6; do
  req "$WORK/l" GET /login; tok=$(csrf_of)
  req "$WORK/l" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=locky" \
    --data-urlencode "password=not the password $i"
  expect 401 "failure $i"
done
req "$WORK/l" GET /login; tok=$(csrf_of)
req "$WORK/l" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=locky" \
  --data-urlencode "password=$PW"
expect 401 "locked account with the right password"
ok "wrong password and unknown user answer alike; CSRF-less login 403; locked after 6 failures"

# ---- TOTP required for analyst/admin/agency ----
rm -f "$WORK/t"
req "$WORK/t" GET /login; tok=$(csrf_of)
req "$WORK/t" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=analyst1" \
  --data-urlencode "password=$PW"
expect 303 "analyst password"
grep -qi '^location: /login/totp' "$HDR" || fail "analyst not sent to the TOTP step"
grep -qi '^set-cookie: sg_session=[0-9a-f]\{64\}; Path=/; HttpOnly; SameSite=Strict' "$HDR" ||
  fail "session cookie attributes: $(grep -i set-cookie "$HDR")"
req "$WORK/t" GET /submissions; expect 303 "half-logged-in analyst"
grep -qi '^location: /login/totp' "$HDR" || fail "half login must go back to the TOTP step"
req "$WORK/t" GET /api/submissions; expect 401 "half-logged-in API"
req "$WORK/t" GET /login/totp; tok=$(csrf_of)
req "$WORK/t" POST /login/totp --data-urlencode "csrf=$tok" --data-urlencode "code=000000"
expect 401 "wrong TOTP code"
req "$WORK/t" POST /login/totp --data-urlencode "code=$(totp "${SECRET[analyst1]}")"
expect 403 "TOTP without CSRF"
req "$WORK/t" POST /login/totp --data-urlencode "csrf=$tok" \
  --data-urlencode "code=$(totp "${SECRET[analyst1]}")"
expect 303 "right TOTP code"
req "$WORK/t" GET /submissions; expect 200 "analyst after TOTP"
ok "analyst needs the TOTP step: wrong code 401, right code lets in"

# ---- CSRF on state-changing forms; logout ----
login "$WORK/adm" admin1
req "$WORK/adm" GET "/actions/A-2024-01-1"; expect 200 "action page"
tok=$(csrf_of)
req "$WORK/adm" POST "/actions/A-2024-01-1" --data-urlencode "status=IN_PROGRESS"
expect 403 "update without CSRF"
req "$WORK/adm" POST "/actions/A-2024-01-1" --data-urlencode "csrf=deadbeef" \
  --data-urlencode "status=IN_PROGRESS"
expect 403 "update with a wrong CSRF token"
req "$WORK/adm" POST "/actions/A-2024-01-1" --data-urlencode "csrf=$tok" \
  --data-urlencode "status=IN_PROGRESS" --data-urlencode "last_update_date=2025-06-01" \
  --data-urlencode "progress_note=Invitations template drafted"
expect 303 "update with CSRF"
[ "$(q "$store" "SELECT count(*) FROM register_change WHERE field='progress_note'")" -ge 1 ] ||
  fail "update not stored"
req "$WORK/adm" POST /logout; expect 403 "logout without CSRF"
req "$WORK/adm" GET /; tok=$(csrf_of)
req "$WORK/adm" POST /logout --data-urlencode "csrf=$tok"; expect 303 "logout"
grep -qi '^set-cookie: sg_session=;.*Max-Age=0' "$HDR" || fail "logout must clear the cookie"
req "$WORK/adm" GET /audit; expect 303 "after logout"
ok "CSRF missing or wrong -> 403 on every form; logout ends the session"

# ---- upload: rejected as a whole, then accepted ----
login "$WORK/pol" police1
req "$WORK/pol" GET /upload; expect 200 "upload form"
tok=$(csrf_of)
cat >"$WORK/bad_return.csv" <<'CSV'
child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,return_interview_offered,return_interview_accepted
C200,F,2011-03-03,E9,HOME,M,2024-13-45,2024-05-02,Y,Y
C201,M,2010-02-02,E10,HOME,M,2024-07-01,2024-07-02,Y,N
CSV
n_before=$(q "$store" "SELECT count(*) FROM submission")
req "$WORK/pol" POST /upload -F "csrf=$tok" -F "period=2024-25" -F "format=agency/police_missing" \
  -F "file=@$WORK/bad_return.csv;filename=bad_return.csv"
expect 422 "upload with a rejected row"
grep -q "Rejected" "$BODY" || fail "rejection not reported"
grep -q ">bad_return.csv<" "$BODY" || fail "finding does not name the file"
grep -q "sg-upload\|/tmp/" "$BODY" && fail "the upload page shows the server's temporary path"
grep -q "start_date" "$BODY" || fail "finding does not name the field"
grep -q "<td class=\"num\">2</td>" "$BODY" || fail "finding does not name the line"
[ "$(q "$store" "SELECT count(*) FROM submission")" = "$n_before" ] || fail "rejected upload was stored"
sed -i '2d' "$WORK/bad_return.csv"
req "$WORK/pol" POST /upload -F "csrf=$tok" -F "period=2024-25" -F "agency=HEALTH" \
  -F "file=@$WORK/bad_return.csv;filename=good_return.csv"
expect 403 "an agency uploading for another agency"
req "$WORK/pol" POST /upload -F "csrf=$tok" -F "period=2024-25" \
  -F "file=@$WORK/bad_return.csv;filename=good_return.csv"
expect 200 "clean upload"
grep -q "Accepted" "$BODY" || fail "accepted upload not reported"
[ "$(q "$store" "SELECT agency FROM submission ORDER BY id DESC LIMIT 1")" = POLICE ] ||
  fail "an agency's upload must be filed under its own agency"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='upload' AND role='agency'")" = 2 ] ||
  fail "uploads not audited"
ok "an upload with errors is refused whole with file/line/field; a clean one is accepted, audited"

# ---- the role matrix ----
login "$WORK/r_admin" admin1 1
login "$WORK/r_analyst" analyst1 1
login "$WORK/r_business" business1
login "$WORK/r_police" police1 1
login "$WORK/r_exec" exec1
login "$WORK/r_scrut" scrut1
check() { # check ROLE PATH CODE [GREP]
  req "$WORK/r_$1" GET "$2"; expect "$3" "$1 GET $2"
  if [ -n "${4:-}" ]; then grep -q -- "$4" "$BODY" || fail "$1 GET $2: no '$4'"; fi
}
for r in admin analyst business exec scrut; do check $r /dataset 200 'class="spark"'; done
check police /dataset 403
for r in admin analyst business police; do check $r /submissions 200; done
for r in exec scrut; do check $r /submissions 403; done
for r in admin analyst police; do check $r /upload 200; done
for r in business exec scrut; do check $r /upload 403; done
for r in admin analyst business; do check $r /reconcile 200 "Reconciliation"; done
for r in police exec scrut; do check $r /reconcile 403; done
for r in admin analyst business exec scrut police; do check $r /actions 200 "Action tracker"; done
for r in admin analyst business exec scrut; do check $r /registers/case_review 200; done
check police /registers/case_review 403
check police /registers/action 200
check admin /audit 200 "login"
for r in analyst business police exec scrut; do check $r /audit 403; done
for r in admin analyst business exec scrut police; do check $r /report 200 "Annual report"; done
for r in admin analyst business; do check $r "/submissions/$lado_sub" 200; done
check police "/submissions/$lado_sub" 404
check police "/submissions/$police_sub" 200
for r in exec scrut; do check $r "/submissions/$police_sub" 403; done
# agency scoping of submissions and actions
check police /submissions 200
grep -q ">LADO<" "$BODY" && fail "police sees another agency's submission"
check police /actions 200 "A-2024-01-1"
grep -q "A-2023-01-2" "$BODY" && fail "police sees HEALTH's action"
check admin /actions 200 "A-2023-01-2"
# the filters: owner agency and source, each "any" then its codes, the chosen one selected; an
# agency-bound user has no agency filter
check admin "/actions?agency=HEALTH&source=audit" 200 '<option value="HEALTH" selected="selected">HEALTH</option>'
grep -q '<select id="agency" name="agency"><option value="">any</option>' "$BODY" || fail "no 'any' agency"
grep -q '<option value="audit" selected="selected">audit</option>' "$BODY" || fail "source not selected"
grep -q '<option value="POLICE">POLICE</option>' "$BODY" || fail "agency options"
check police /actions 200 '<select id="source" name="source"><option value="">any</option>'
grep -q 'name="agency"' "$BODY" && fail "an agency-bound user is offered the agency filter"
# overdue first
first=$(grep -o 'href="/actions/[^"]*"' "$BODY" | head -1)
grep -q "A-2023-01-2\|A-2024-01-1" <<<"$first" || fail "overdue actions are not first ($first)"
# child-level values only for roles with the capability
check analyst "/submissions/$police_sub" 200 "<th scope=\"col\">Child</th>"
check business "/submissions/$police_sub" 200
grep -q '<th scope="col">Child</th>' "$BODY" && fail "business sees the child column"
# a record with a composite key; its child pseudonym only for roles with child-level access
check analyst "/registers/audit_case/MAA-2024-1%2FC01" 200 "L11aa22bb33cc44dd55ee66ff"
check business "/registers/audit_case/MAA-2024-1%2FC01" 200 "MAA-2024-1/C01"
grep -q "L11aa22bb33cc44dd55ee66ff" "$BODY" && fail "business sees a child pseudonym in a register"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='view_child' AND object LIKE 'register:audit_case:%'")" = 1 ] ||
  fail "the register view with a pseudonym is not audited"
# the JSON API follows the same matrix
check admin /api/me 200 '"role":"admin"'
check police /api/submissions 200 '"agency":"POLICE"'
grep -q '"agency":"LADO"' "$BODY" && fail "API: police sees LADO's submission"
check exec /api/submissions 403
check exec /api/dataset 200 '"period"'
check police /api/dataset 403
check scrut /api/actions 200 '"actions"'
check scrut "/api/registers/case_review?view=clocks" 200 '"view":"clocks"'
check police "/api/registers/case_review?view=clocks" 403
# a computed view is headings, tables with column headers and notes on the page (no <pre>), and
# the same blocks in the API: the clocks table's columns, one row per review
check scrut "/registers/case_review?view=clocks" 200 '<th scope="col">rapid review due</th>'
grep -q "<pre" "$BODY" && fail "the view page still shows preformatted text"
grep -q "<h3>Case review clocks on " "$BODY" || fail "the view page has no heading"
check scrut "/registers/case_review?view=year" 200 '<th scope="col" class="num">value</th>'
grep -q '<td class="num">' "$BODY" || fail "numeric cells not marked for right alignment"
grep -q '<p class="note">Timeliness counts' "$BODY" || fail "the view's note is not a paragraph"
# the finance view for a chosen year shows organisations by name, other income and named lines
check scrut "/registers/finance_contribution?view=year&year=2024-25" 200 'Northfield Borough Council'
grep -q "Partnership finance, year 2024-25" "$BODY" || fail "the finance view is not for 2024-25"
grep -q ">Subscriptions<" "$BODY" || fail "the finance view lacks the Subscriptions line"
check scrut "/api/registers/finance_contribution?view=year&year=2024-25" 200 \
  'Northfield Hospitals NHS Foundation Trust'
check scrut "/registers/finance_contribution?view=year&year=2024-26" 400
check scrut "/api/registers/case_review?view=clocks" 200 '"type":"table"'
want_cols='["review","type","learned","panel due","panel","rapid review due","rapid review","decision","publication"]'
jq -e --argjson c "$want_cols" '[.blocks[] | select(.type == "table")] | length == 1 and .[0].columns == $c' \
  "$BODY" >/dev/null || fail "API view: not one table with the clock columns: $(head -c 300 "$BODY")"
nrev=$(($(wc -l <"$EX/register_case_review.csv") - 1))
[ "$(jq '[.blocks[] | select(.type == "table")][0].rows | length' "$BODY")" = "$nrev" ] ||
  fail "API view: not one row per review"
jq -e '.blocks[0] == {"type":"heading","level":1,"text":.blocks[0].text} and (.blocks[0].text | startswith("Case review clocks on"))' \
  "$BODY" >/dev/null || fail "API view: no heading block first"
check scrut "/api/registers/case_review?view=nope" 404
# the page answers a view it cannot build as the API does (sg_web_register_view)
check scrut "/registers/case_review?view=nope" 404
check police "/registers/case_review?view=clocks" 403
# a register of no such name is 404 on its page, a record of it and its API (sg_web_register)
check admin /registers/nope 404
check admin "/registers/nope/MAA-2024-1%2FC01" 404
check admin /api/registers/nope 404
# an agency data owner's action views hold only its own agency's actions
check police "/api/registers/action?view=flags" 200 "A-2024-01-1"
grep -q "A-2023-01-2" "$BODY" && fail "API view: police sees HEALTH's action"
check police "/registers/action?view=flags" 200 '<th scope="row">A-2024-01-1</th>'
grep -q "A-2023-01-2</th>" "$BODY" && fail "view page: police sees HEALTH's action"
check police /api/audit 403
check admin /api/audit 200 '"view_child"'
# the audit filters (src/web: sg_web_audit_filter): ?action= narrows both; a blank filter means
# any on the page (its form sends every field) and is matched as given, so matches nothing, by the API
check admin "/api/audit?action=view_child" 200 '"view_child"'
grep -q '"action": *"login"' "$BODY" && fail "/api/audit?action=view_child lists a login"
check admin "/api/audit?user=" 200
jq -e '.entries | length == 0' "$BODY" >/dev/null ||
  fail "/api/audit?user= matched entries"
check admin "/audit?user=&action=&object=" 200 "<td>view_child</td>"
req "$WORK/anon" GET /api/dataset; expect 401 "public API"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='view_child'")" -ge 1 ] ||
  fail "child-level views not audited"
# the yearly report: preview for the preview roles, publish for the executive (and admin)
for r in admin analyst business exec scrut; do check $r /report/manage 200 "preview the public edition"; done
check police /report/manage 403
check scrut "/report/preview?edition=public" 200 "yearly report"
grep -qi "^content-security-policy: default-src 'none'; style-src 'unsafe-inline'" "$HDR" ||
  fail "the report preview's CSP"
grep -qi "<script" "$BODY" && fail "the report preview carries script"
check scrut /report/manage 200
grep -q "Publish the public edition" "$BODY" && fail "the scrutineer is offered publishing"
tok=$(csrf_of)
req "$WORK/r_scrut" POST /report/publish --data-urlencode "csrf=$tok"; expect 403 "scrutineer publishing"
check exec /report/manage 200 "Publish the public edition"
tok=$(csrf_of)
req "$WORK/r_exec" POST /report/publish --data-urlencode "csrf=$tok"; expect 303 "executive publishing"
req "$WORK/anon" GET /report; expect 200 "the published report"
grep -q "Annual report 2024-25" "$BODY" && fail "publishing did not replace the report"
grep -q "Public: small numbers withheld" "$BODY" || fail "the public page does not show the public edition"
[ "$(q "$store" "SELECT count(*) FROM audit_log WHERE action='publish'")" = 1 ] || fail "publish not audited"
# adding a register record: business may, the executive may not; a bad value names the field
check business /registers/recommendation 200 "Add a record"
tok=$(csrf_of)
req "$WORK/r_business" POST /registers/recommendation --data-urlencode "csrf=$tok" \
  --data-urlencode "rec_ref=R-WEB-1" --data-urlencode "source=case_review:CR-2023-01" \
  --data-urlencode "title=Test the web form" --data-urlencode "agreed_date=2025-13-01" \
  --data-urlencode "lead_agency=CSC" --data-urlencode "status=OPEN"
expect 400 "bad date"
grep -q "agreed_date" "$BODY" || fail "bad date not named"
req "$WORK/r_business" POST /registers/recommendation --data-urlencode "csrf=$tok" \
  --data-urlencode "rec_ref=R-WEB-1" --data-urlencode "source=case_review:CR-2023-01" \
  --data-urlencode "title=Test the web form" --data-urlencode "agreed_date=2025-05-01" \
  --data-urlencode "lead_agency=CSC" --data-urlencode "status=OPEN"
expect 303 "add a recommendation"
grep -qi '^location: /registers/recommendation/R-WEB-1' "$HDR" || fail "redirect to the new record"
check exec /registers/recommendation 200
grep -q "Add a record" "$BODY" && fail "the executive is offered the add form"
req "$WORK/r_exec" POST /registers/recommendation --data-urlencode "csrf=$(csrf_of)" \
  --data-urlencode "rec_ref=R-WEB-2"
expect 403 "executive adding a record"
# changing a register record (POST /registers/NAME/KEY): the form is built from the columns,
# the change goes through the register engine (change log) and is audited; business may, the
# executive, the scrutineer and an agency data owner may not
check business /registers/recommendation/R-WEB-1 200 "Change this record"
grep -q '<label for="f-title">Title<span class="req"> (required)</span></label>' "$BODY" ||
  fail "edit form: no plain label with the required mark"
grep -q '<option value="CSC" selected="selected">Children&#39;s social care' "$BODY" ||
  fail "edit form: the agency select does not show the stored code with its label"
grep -q 'name="rec_ref"' "$BODY" && fail "edit form: the key is editable"
tok=$(csrf_of)
edit_rec() { # ROLE TITLE DATE
  req "$WORK/r_$1" POST /registers/recommendation/R-WEB-1 --data-urlencode "csrf=$tok" \
    --data-urlencode "source=case_review:CR-2023-01" --data-urlencode "title=$2" \
    --data-urlencode "agreed_date=$3" --data-urlencode "lead_agency=CSC" \
    --data-urlencode "status=OPEN" --data-urlencode "closed_date=" --data-urlencode "notes="
}
edit_rec business "Typed but refused" 2025-02-30
expect 400 "edit with an impossible date"
grep -q '<p class="field-error" id="f-agreed_date-error">' "$BODY" || fail "edit: error not at the field"
grep -q 'aria-invalid="true"' "$BODY" || fail "edit: the bad field is not marked invalid"
grep -q '>Typed but refused</textarea>' "$BODY" || fail "edit: the typed title was not kept"
edit_rec business "Test the web form, changed" 2025-05-01
expect 303 "edit a recommendation"
grep -qi '^location: /registers/recommendation/R-WEB-1?saved=1' "$HDR" || fail "edit: redirect"
[ "$(q "$store" "SELECT user || '|' || old_value || '|' || new_value FROM register_change
     WHERE key='R-WEB-1' AND field='title' AND action='update'")" = \
  "business1|Test the web form|Test the web form, changed" ] || fail "edit: change log row"
# only the title changed: one change row for the save, one audit entry "update: 1 field(s)"
[ "$(q "$store" "SELECT count(*) FROM register_change WHERE key='R-WEB-1' AND action='update'")" = 1 ] ||
  fail "edit: unchanged fields written to the change log"
[ "$(q "$store" "SELECT detail FROM audit_log WHERE action='change'
     AND object='register:recommendation:R-WEB-1' ORDER BY seq DESC LIMIT 1")" = "update: 1 field(s) changed" ] ||
  fail "edit: not audited"
check business "/registers/recommendation/R-WEB-1?saved=1" 200 "<td>Test the web form, changed</td>"
grep -q "<td>business1</td>" "$BODY" || fail "record page: the change log does not say who"
for r in exec scrut; do
  check $r /registers/recommendation/R-WEB-1 200 "Change log"
  grep -q "Change this record" "$BODY" && fail "$r is offered the edit form"
  edit_rec $r "Not mine to change" 2025-05-01; expect 403 "$r changing a record"
done
edit_rec police "Not mine to change" 2025-05-01; expect 403 "police changing a recommendation"
check police /registers/action/A-2024-01-1 200 "Record progress"
grep -q "Change this record" "$BODY" && fail "police is offered the full edit form"
req "$WORK/r_police" POST /registers/action/A-2024-01-1 --data-urlencode "csrf=$(csrf_of)" \
  --data-urlencode "description=rewritten"
expect 403 "police changing an action's description"
check police /registers/action/A-2023-01-2 404
check police /actions 200
req "$WORK/r_police" POST /actions/A-2023-01-2 --data-urlencode "csrf=$(csrf_of)" \
  --data-urlencode "progress_note=not ours"
expect 404 "police updating HEALTH's action"
[ "$(q "$store" "SELECT count(*) FROM register_change WHERE user='police1'")" = 0 ] ||
  fail "a refused change was written"
# the year of a year view: the latest year with data (the reviews' dates end in 2024-25), not
# the clock's (2026-27), and ?year= for an earlier one; a malformed year is 400
check scrut "/registers/case_review?view=year" 200 '<option value="2024-25" selected="selected">'
grep -q '<option value="2023-24">' "$BODY" || fail "year selector: 2023-24 not offered"
grep -q '<h2 id="view-title">year, 2024-25</h2>' "$BODY" || fail "year view: not 2024-25 by default"
grep -q 'href="/registers/case_review?view=clocks&amp;year=2024-25"' "$BODY" ||
  fail "view links do not keep the year"
check scrut "/registers/case_review?view=year&year=2023-24" 200 '<h2 id="view-title">year, 2023-24</h2>'
check scrut "/registers/case_review?view=year&year=2024" 400
# urgent first: CR-2024-02's rapid review (learned 2025-02-12) was never held and is overdue;
# every other review's clocks are done, so it leads and the rest follow in reference order
check scrut "/registers/case_review?view=clocks" 200
[ "$(grep -o '<th scope="row">CR-[0-9-]*</th>' "$BODY" | sed 's/<[^>]*>//g' | tr '\n' ' ')" = \
  "CR-2024-02 CR-2023-01 CR-2023-02 CR-2024-01 " ] || fail "clocks: not overdue first"
grep -q '<td class="overdue">overdue' "$BODY" || fail "clocks: overdue not highlighted"
# the action list: titles and a status filter
check admin "/actions?status=COMPLETED" 200
grep -q 'href="/actions/A-2024-01-1"' "$BODY" && fail "status filter: an open action listed as completed"
check admin "/actions?status=open" 200 'href="/actions/A-2024-01-1"'
# the start page links only where the role can go: no LADO register page to promise
check admin / 200 'href="/registers"'
grep -q "LADO" "$BODY" && fail "the start page promises a LADO register page"
# home = what needs me, on 2025-06-30 (lib.bash's SG_TODAY): CR-2024-02 (learned 2025-02-12) has
# no rapid review; A-2023-01-2 (HEALTH, due 2024-12-31: 181 days) and A-2024-01-1 (POLICE, due
# 2025-03-31: 91 days) are open and overdue; A-2024-02-1 (CSC) is due 2025-07-31 and last updated
# 2025-05-01, 60 days ago: not yet drifting (more than 60); the rest are completed
home_has() { grep -q -- "$1" "$BODY" || { grep -oE '[0-9]+ overdue[^<]*|<li class="need[^>]*>.{0,160}' "$BODY" >&2; fail "$2 home: no '$1'"; }; }
home_hasnt() { grep -q -- "$1" "$BODY" && fail "$2 home: shows '$1'"; return 0; }
for r in admin analyst business exec scrut; do
  check $r / 200 'What needs you'
  home_has '3 overdue, 0 due soon or drifting.' $r
  home_has 'href="/registers/case_review/CR-2024-02">Case review CR-2024-02: rapid review overdue by' $r
  home_has 'href="/actions/A-2023-01-2">Action A-2023-01-2: overdue by 181 days' $r
  home_has 'href="/actions/A-2024-01-1">Action A-2024-01-1: overdue by 91 days' $r
  home_has '<span class="tag tag-overdue">Overdue</span>' $r
  for x in A-2024-02-1 A-2023-01-1 A-2023-02-1 CR-2024-01 CR-2023; do home_hasnt "$x" $r; done
done
# the oldest deadline first: A-2023-01-2 (due 2024-12-31), CR-2024-02's rapid review (due 15
# working days after 2025-02-12: 2025-03-05), A-2024-01-1 (due 2025-03-31)
[ "$(grep -oE '">(Action|Case review) [A-Z]+-20[0-9-]+' "$BODY" | sed 's/.*">//' | tr '\n' ' ')" = \
  "Action A-2023-01-2 Case review CR-2024-02 Action A-2024-01-1 " ] ||
  fail "home: not the oldest deadline first"
# police: its own action only, no case review, no other agency's action
check police / 200 'What needs you'
home_has '1 overdue, 0 due soon or drifting.' police
home_has 'href="/actions/A-2024-01-1"' police
home_has 'Action A-2024-01-1: overdue by 91 days' police
for x in CR-2024-02 A-2023-01-2 'Case review'; do home_hasnt "$x" police; done
# the public: no list at all
req "$WORK/anon" GET /; expect 200 "public start page"
home_hasnt 'What needs you' public
home_hasnt 'A-2024-01-1' public
# the dashboard summary: this store holds no targets, so every measure is "No RAG"; the
# red-and-amber filter then shows none, and its links keep the period
check business "/dataset?period=2024-25" 200 '<span class="rag rag-red" id="red">Red: 0</span>'
home_has '<span class="rag rag-amber" id="amber">Amber: 0</span>' dashboard
home_has '<span class="rag rag-green" id="green">Green: 0</span>' dashboard
rows=$(grep -o '<tr id="' "$BODY" | wc -l)
[ "$rows" -gt 0 ] || fail "dashboard: no measure rows"
home_has "<span class=\"rag rag-none\" id=\"none\">No RAG: $rows</span>" dashboard
home_has 'href="/dataset?period=2024-25&amp;rag=red,amber">Show red and amber only' dashboard
check business "/dataset?period=2024-25&rag=red,amber" 200 'Showing red and amber measures only'
home_has 'No measure is red or amber.' filtered
home_has 'href="/dataset?period=2024-25">Show every measure' filtered
home_has 'name="rag" value="red,amber"' filtered
home_hasnt '<tr id="' filtered
home_has "No RAG: $rows" filtered # the summary still counts every measure
check business "/dataset?period=2024-25&rag=bogus" 200 'Show red and amber only'
[ "$(grep -o '<tr id="' "$BODY" | wc -l)" = "$rows" ] || fail "dashboard: an unknown filter hid rows"
ok "home lists what needs each role, scoped, oldest deadline first; the public sees none of it"
ok "every role reaches exactly its pages and API endpoints; agency scoping holds"

# ---- session expiry: idle timeout passed ----
stop_server
start_server --clock-offset $((31 * 60)) --behind-proxy
req "$WORK/r_business" GET /dataset; expect 303 "idle session"
grep -qi '^set-cookie: sg_session=;.*; Secure' "$HDR" || fail "cookies behind a TLS proxy must be Secure"
grep -qi '^location: /login' "$HDR" || fail "expired session should go to /login"
req "$WORK/r_exec" GET /api/me; expect 401 "idle session on the API"
stop_server
ok "a session idle for over 30 minutes is dead; SIGTERM stops the server cleanly"

# Every upload, register change and account above left its entry in the same transaction: the
# trail verifies, genesis and implications included (docs/access.md).
"$SG" --store "$store" audit verify >/dev/null || fail "the audit trail does not verify after the web session"
ok "the audit trail verifies after the whole session"
