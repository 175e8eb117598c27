#!/usr/bin/env bash
# Request bodies and uploads, written as the attacks (loopback only, every client bounded):
# - 24 unauthenticated connections each declaring and sending 32 MiB to /login, /dataset and
#   /upload are refused before their bodies are read: the server's RSS stays under 150 MB and a
#   normal request is answered within 1 s meanwhile;
# - duplicate or conflicting Content-Length, Content-Length with Transfer-Encoding, a body on a
#   GET: 400 with our headers; the body limits of the route table, both sides of each boundary;
# - an upload's CSRF token is checked before a file byte is written (wrong or missing: the
#   connection is dropped, nothing stored, nothing on disk);
# - a real CIN census (safeguard generate) uploaded through the form is accepted and audited by
#   its file name only; a 24 MB upload works and the server's RSS does not grow by its size;
#   a body of exactly the upload cap is taken, one byte more is 413;
# - kill -9 in the middle of an upload: no plaintext of it anywhere (store, $TMPDIR, /tmp), the
#   upload folder is empty, and a file left there by an older release is swept on restart.
source "$(dirname "$0")/lib.bash"
command -v curl >/dev/null || fail "curl not found (scripts/install-deps.sh installs it)"
command -v python3 >/dev/null || fail "python3 not found (scripts/install-deps.sh installs it)"
store="$WORK/store"
"$SG" --store "$store" init >/dev/null

# A real return: the generated partnership's CIN census, and a copy with a planted LA child id
# (the marker we look for on disk after the kill; random so no other file can hold it).
"$SG" generate --children 300 --years 1 --seed 7 --faults 0 --out "$WORK/part" >/dev/null
census="$WORK/part/2024-25/cin_census.xml"
[ -s "$census" ] || fail "the generator wrote no CIN census"
marker="341Z$(od -An -N4 -tu4 /dev/urandom | tr -dc 0-9 | head -c 8)"
first_id=$(grep -o '<LAchildID>[^<]*</LAchildID>' "$census" | head -1 | sed 's/<[^>]*>//g')
[ -n "$first_id" ] || fail "no LAchildID in the census"

PW="correct horse battery staple 42"
printf '%s\n' "$PW" | "$SG" --store "$store" user add analyst1 --role analyst --password-file - \
  >"$WORK/user.out" 2>&1 || { cat "$WORK/user.out"; fail "user add"; }
SECRET=$(grep -oE 'secret=[A-Z2-7]{16,}|\b[A-Z2-7]{32}\b' "$WORK/user.out" | head -1 | sed 's/^secret=//')
[ -n "$SECRET" ] || fail "no TOTP secret printed"

PID=""
start_server() {
  rm -f "$WORK/port"
  "$SG" --store "$store" serve --listen 127.0.0.1:0 --port-file "$WORK/port" >"$WORK/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.1; done
  [ -s "$WORK/port" ] || { cat "$WORK/serve.log"; fail "server did not start"; }
  PORT=$(cat "$WORK/port")
  BASE="http://127.0.0.1:$PORT"
}
slow_pid=""
trap 'for p in $PID $slow_pid; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$PID/status"; }

req() { # req JAR METHOD PATH [curl args...]: sets CODE, BODY and HDR
  local jar=$1 method=$2 path=$3; shift 3
  CODE=$(curl -s -o "$WORK/body" -D "$WORK/hdr" -w '%{http_code}' -b "$jar" -c "$jar" \
    -X "$method" "$@" "$BASE$path")
  BODY="$WORK/body"; HDR="$WORK/hdr"
}
expect() { [ "$CODE" = "$1" ] || { head -c 600 "$BODY" >&2; echo >&2; fail "$2: HTTP $CODE, wanted $1"; }; }
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

# The raw-socket client: one file of small commands, so every request below is exact.
cat >"$WORK/h.py" <<'PY'
import os, socket, sys, threading, time

def connect(port, small_buffer=False, source="127.0.0.1"):
    s = socket.create_connection(("127.0.0.1", port), timeout=20, source_address=(source, 0))
    if small_buffer:  # so that what "sent" counts is what the server took, near enough
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 65536)
    return s

def read_reply(s):
    """Everything the server sends until it closes (or a reset): bytes."""
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except OSError:
        pass
    return out

def raw(port, data):
    s = connect(port)
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    r = read_reply(s)
    s.close()
    return r

B = b"sgB0undary7"

def field(k, v):
    return b"--" + B + b"\r\nContent-Disposition: form-data; name=\"" + k + b"\"\r\n\r\n" + v + b"\r\n"

def file_head(fname):
    return b"--" + B + b"\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fname + \
        b"\"\r\nContent-Type: application/octet-stream\r\n\r\n"

CTYPE = b"multipart/form-data; boundary=" + B
END = b"--" + B + b"--\r\n"

def pad_xml(content, room):
    """content with room bytes of small XML comments after its declaration (expat never holds
    more than one line of them)."""
    if room == 0:
        return content
    assert room >= 200, room
    n = room // 100
    lines = [b"\n<!-- padding line %09d " % i + b"x" * 67 + b" -->" for i in range(n)]
    assert all(len(l) == 100 for l in lines)
    extra = room - 100 * n
    lines[0] = lines[0][:-4] + b"y" * extra + b" -->"
    decl = content.index(b"?>") + 2
    return content[:decl] + b"".join(lines) + content[decl:]

def post_head(path, ctype, length, cookie=None, extra=b""):
    h = b"POST " + path + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ctype + \
        b"\r\nContent-Length: " + str(length).encode() + b"\r\nConnection: close\r\n"
    if cookie:
        h += b"Cookie: sg_session=" + cookie + b"\r\n"
    return h + extra + b"\r\n"

def status_of(reply):
    line = reply.split(b"\r\n", 1)[0]
    parts = line.split()
    return parts[1].decode() if len(parts) > 1 and line.startswith(b"HTTP/1.") else "dropped"

def vmrss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def attack(port, pid, n):
    """n connections, each declaring and sending 32 MiB without waiting for an answer. They come
    from 127.0.0.2-4, eight per address (under the server's 16 per address), so what is tested
    is the body limits; the normal client comes from 127.0.0.1, as another user would."""
    size = 32 << 20
    targets = [(b"POST", b"/login", b"application/x-www-form-urlencoded"),
               (b"POST", b"/dataset", b"application/x-www-form-urlencoded"),
               (b"GET", b"/dataset", b"application/octet-stream"),
               (b"POST", b"/upload", b"multipart/form-data; boundary=x")]
    results = [None] * n
    def one(i):
        m, path, ctype = targets[i % len(targets)]
        s = connect(port, True, "127.0.0.%d" % (2 + i % 3))
        s.sendall(m + b" " + path + b" HTTP/1.1\r\nHost: x\r\nContent-Type: " + ctype +
                  b"\r\nContent-Length: " + str(size).encode() + b"\r\n\r\n")
        got = []
        rd = threading.Thread(target=lambda: got.append(read_reply(s)))
        rd.start()
        sent, chunk = 0, b"\0" * 65536
        try:
            while sent < size:
                sent += s.send(chunk[: min(65536, size - sent)])
        except OSError:
            pass
        try:
            s.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        rd.join(30)
        s.close()
        results[i] = (path.decode(), m.decode(), sent, status_of(got[0] if got else b""))
    th = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    peak, worst = vmrss(pid), 0.0
    for t in th:
        t.start()
    while any(t.is_alive() for t in th):
        peak = max(peak, vmrss(pid))
        t0 = time.time()
        r = raw(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        worst = max(worst, time.time() - t0)
        if status_of(r) != "200":
            print("normal request answered %s during the attack" % status_of(r))
            sys.exit(1)
        time.sleep(0.02)
    for t in th:
        t.join()
    for r in results:
        print("%s %s sent=%d status=%s" % r)
    print("peak_rss_kb=%d worst_normal_s=%.3f" % (peak, worst))

def upload(port, pid, cookie, csrf, fname, path, pad_to=None, order="csrf-first", header_token=False):
    """A multipart upload built by hand, its parts in the given order; with pad_to the whole
    body is exactly pad_to bytes (the file padded with XML comments). Prints the status and
    the peak RSS of the server while it ran."""
    content = open(path, "rb").read()
    plain = field(b"period", b"2024-25") + field(b"agency", b"LA") + field(b"format", b"cin")
    tok = field(b"csrf", csrf.encode())
    if order == "csrf-first":
        head, tail = tok + plain + file_head(fname.encode()), b"\r\n" + END
    elif order == "file-first":
        head, tail = file_head(fname.encode()), b"\r\n" + tok + plain + END
    else:
        head, tail = plain + file_head(fname.encode()), b"\r\n" + END
    if pad_to:
        content = pad_xml(content, pad_to - len(head) - len(tail) - len(content))
    body_len = len(head) + len(content) + len(tail)
    assert not pad_to or body_len == pad_to
    extra = b"X-CSRF-Token: " + csrf.encode() + b"\r\n" if header_token else b""
    s = connect(port)
    s.sendall(post_head(b"/upload", CTYPE, body_len, cookie.encode(), extra))
    peak, stop = [vmrss(pid)], []
    def watch():
        while not stop:
            peak[0] = max(peak[0], vmrss(pid))
            time.sleep(0.01)
    w = threading.Thread(target=watch)
    w.start()
    got = []
    rd = threading.Thread(target=lambda: got.append(read_reply(s)))
    rd.start()
    try:
        s.sendall(head)
        for i in range(0, len(content), 1 << 16):
            s.sendall(content[i:i + (1 << 16)])
        s.sendall(tail)
    except OSError:
        pass
    peak_body = max(peak[0], vmrss(pid))  # the body is in: its cost, before the import's
    rd.join(120)
    reply = got[0] if got else b""
    stop.append(1)
    w.join()
    s.close()
    print("status=%s body_len=%d peak_rss_kb=%d body_rss_kb=%d" %
          (status_of(reply), body_len, peak[0], peak_body))
    if b"Accepted" in reply:
        print("accepted")

def slow(port, cookie, csrf, path, flag):
    """Sends the fields and the first half of the file, then waits to be killed."""
    content = open(path, "rb").read()
    head = field(b"csrf", csrf.encode()) + field(b"period", b"2024-25") + \
        field(b"agency", b"LA") + file_head(b"cin_census.xml")
    s = connect(port)
    s.sendall(post_head(b"/upload", CTYPE, len(head) + len(content) + 2 + len(END),
                        cookie.encode()))
    s.sendall(head)
    half = len(content) // 2
    for i in range(0, half, 4096):
        s.sendall(content[i:min(i + 4096, half)])
        time.sleep(0.002)
    open(flag, "w").close()
    time.sleep(30)

cmd = sys.argv[1]
if cmd == "raw":
    sys.stdout.buffer.write(raw(int(sys.argv[2]), sys.argv[3].encode().decode("unicode_escape").encode("latin-1")))
elif cmd == "attack":
    attack(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
elif cmd == "upload":
    a = sys.argv
    upload(int(a[2]), int(a[3]), a[4], a[5], a[6], a[7], int(a[8]) if a[8] != "-" else None,
           a[9], a[10] == "header")
elif cmd == "slow":
    slow(int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6])
PY
H() { python3 "$WORK/h.py" "$@"; }

start_server
[ "$(stat -c %a "$store/uploads" 2>/dev/null || echo none)" = none ] || [ "$(stat -c %a "$store/uploads")" = 700 ] ||
  fail "the upload folder is not 0700"

# ---- headers that smuggle: 400 with our headers, before any body is read ----
raw_status() { H raw "$PORT" "$1" >"$WORK/raw"; head -1 "$WORK/raw" | awk '{print $2}'; }
for r in 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!' \
         'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello' \
         'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' \
         'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' \
         'GET /dataset HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'; do
  st=$(raw_status "$r")
  [ "$st" = 400 ] || { cat "$WORK/raw"; fail "smuggling headers / body on a GET: HTTP $st, wanted 400: $r"; }
  grep -qi '^x-frame-options: DENY' "$WORK/raw" || fail "400 without our security headers"
  grep -qi '^content-security-policy:' "$WORK/raw" || fail "400 without our CSP"
done
# a signed length never reaches us: libmicrohttpd answers 400 itself, with our headers
# (src/web/lib_answers.c)
st=$(raw_status 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\nhello')
[ "$st" = 400 ] || fail "Content-Length: +5: HTTP $st, wanted 400"
grep -qi '^x-frame-options: DENY' "$WORK/raw" || fail "libmicrohttpd's 400 without our headers"
# conflicting lengths the other way round (the larger first): refused all the same
st=$(raw_status 'POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nContent-Length: 5\r\n\r\nhello!')
[ "$st" = 400 ] || fail "Content-Length 6 then 5: HTTP $st, wanted 400"
grep -qi '^content-security-policy:' "$WORK/raw" || fail "400 without our CSP"
st=$(raw_status 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
[ "$st" = 200 ] || fail "a GET with Content-Length: 0 carries no body: HTTP $st, wanted 200"
st=$(raw_status 'POST /dataset HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello')
[ "$st" = 405 ] || fail "a body for a route that takes none: HTTP $st, wanted 405"
ok "duplicate/conflicting Content-Length, CL with TE, a body on a GET: 400 with our headers"

# ---- route limits, both sides: /login takes 8192 bytes, not 8193 ----
body8k() { printf 'username=x&password=%s' "$(head -c $(($1 - 20)) /dev/zero | tr '\0' a)"; }
[ "$(body8k 8192 | wc -c)" = 8192 ] || fail "test body is not 8192 bytes"
CODE=$(body8k 8192 | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "$BASE/login")
[ "$CODE" = 403 ] || fail "8192-byte login body should reach the login (403 without CSRF), got $CODE"
CODE=$(body8k 8193 | curl -s -o /dev/null -w '%{http_code}' --data-binary @- "$BASE/login")
[ "$CODE" = 413 ] || fail "8193-byte login body: HTTP $CODE, wanted 413"
CODE=$(head -c 9000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -H 'Transfer-Encoding: chunked' \
  --data-binary @- "$BASE/login" || true)
case "$CODE" in 000|413) ;; *) fail "9000 chunked bytes to /login: HTTP $CODE, wanted dropped" ;; esac
ok "a small form takes 8192 bytes and refuses 8193 (413); chunked past the limit is dropped"

# ---- the attack: 24 unauthenticated 32 MiB bodies at once ----
base_rss=$(rss_kb)
H attack "$PORT" "$PID" 24 >"$WORK/attack" || { cat "$WORK/attack"; fail "attack run"; }
cat "$WORK/attack" | tail -1
peak=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$WORK/attack")
worst=$(sed -n 's/.*worst_normal_s=\([0-9.]*\).*/\1/p' "$WORK/attack")
[ "$peak" -lt 153600 ] || fail "RSS reached $peak kB under the attack (limit 150 MB; was $base_rss kB)"
awk -v w="$worst" 'BEGIN { exit !(w < 1.0) }' || fail "a normal request took $worst s during the attack"
while read -r path method sent status; do
  want=""
  case "$method $path" in
    "POST /login") want=413 ;; "POST /dataset") want=405 ;; "GET /dataset") want=400 ;;
    "POST /upload") want=401 ;;
  esac
  status=${status#status=}; sent=${sent#sent=}
  [ "$status" = "$want" ] || [ "$status" = dropped ] ||
    fail "$method $path with 32 MiB: HTTP $status, wanted $want"
  [ "$sent" -lt 33554432 ] || fail "$method $path: all 32 MiB were taken before the answer"
done < <(grep 'sent=' "$WORK/attack")
answered=$(grep -c 'status=4' "$WORK/attack")
[ "$answered" -ge 12 ] || fail "only $answered of 24 attack connections saw their 4xx"
ok "24 x 32 MiB unauthenticated: refused before the body ($answered answered 4xx), peak RSS $peak kB, normal request <= ${worst}s"

# ---- log in; the upload's session and CSRF token come before its body ----
rm -f "$WORK/jar"
req "$WORK/jar" GET /login; tok=$(csrf_of)
req "$WORK/jar" POST /login --data-urlencode "csrf=$tok" --data-urlencode "username=analyst1" \
  --data-urlencode "password=$PW"
expect 303 "password"
req "$WORK/jar" GET /login/totp; tok=$(csrf_of)
req "$WORK/jar" POST /login/totp --data-urlencode "csrf=$tok" --data-urlencode "code=$(totp "$SECRET")"
expect 303 "TOTP"
req "$WORK/jar" GET /upload; expect 200 "upload form"
CSRF=$(csrf_of)
COOKIE=$(awk '$6 == "sg_session" {print $7}' "$WORK/jar")
[ ${#COOKIE} = 64 ] || fail "no session cookie in the jar"
# the form puts the token before the file, so a browser sends it first
grep -o '<form method="post" action="/upload"[^>]*><input type="hidden" name="csrf"' "$BODY" >/dev/null ||
  fail "the upload form must carry its CSRF field first"

n_sub=$(q "$store" "SELECT count(*) FROM submission")
H upload "$PORT" "$PID" "$COOKIE" "0000000000000000000000000000000000000000000000000000000000000000" \
  cin_census.xml "$census" - csrf-first field >"$WORK/up"
grep -q 'status=dropped' "$WORK/up" || fail "an upload with a wrong CSRF token was not dropped: $(cat "$WORK/up")"
H upload "$PORT" "$PID" "$COOKIE" "$CSRF" cin_census.xml "$census" - file-first field >"$WORK/up"
grep -q 'status=dropped' "$WORK/up" || fail "an upload with its file before the token was not dropped: $(cat "$WORK/up")"
H upload "$PORT" "$PID" "$COOKIE" "$CSRF" cin_census.xml "$census" 33554433 csrf-first field >"$WORK/up"
grep -q 'status=413' "$WORK/up" || fail "a body of the cap + 1 byte: $(cat "$WORK/up")"
[ "$(q "$store" "SELECT count(*) FROM submission")" = "$n_sub" ] || fail "a refused upload stored something"
[ -z "$(ls -A "$store/uploads" 2>/dev/null)" ] || fail "a refused upload left a file in uploads/"
ok "wrong CSRF token or the file before it: dropped before a file byte; cap + 1 byte: 413"

# ---- a real return through the form (curl, as a browser posts it) ----
req "$WORK/jar" POST /upload -F "csrf=$CSRF" -F "period=2024-25" -F "agency=LA" -F "format=cin" \
  -F "file=@$census;filename=cin_census.xml"
expect 200 "upload of the generated CIN census"
grep -q "Accepted" "$BODY" || fail "the census was not accepted: $(grep -o 'class="error"[^<]*' "$BODY")"
[ "$(q "$store" "SELECT file_name FROM submission ORDER BY id DESC LIMIT 1")" = cin_census.xml ] ||
  fail "the submission is not filed under the uploaded name"
detail=$(q "$store" "SELECT detail FROM audit_log WHERE action='upload' ORDER BY seq DESC LIMIT 1")
case "$detail" in
  *" cin_census.xml: accepted") ;;
  *) fail "the upload's audit entry: '$detail'" ;;
esac
q "$store" "SELECT detail FROM audit_log" | grep -q "/proc\|/tmp\|uploads/\|sg-upload\|$store" &&
  fail "the audit names a path: $(q "$store" "SELECT detail FROM audit_log WHERE action='upload'")"
ok "the generated census uploaded through the form is accepted; the audit holds its name only"

# the token in X-CSRF-Token (API clients), no field: accepted too (same file again: duplicate)
H upload "$PORT" "$PID" "$COOKIE" "$CSRF" cin_census.xml "$census" - none header >"$WORK/up"
grep -q 'status=200' "$WORK/up" || fail "an upload with X-CSRF-Token: $(cat "$WORK/up")"

# ---- exactly the cap (32 MiB), streamed to disk: RSS does not grow by the file ----
before=$(rss_kb)
H upload "$PORT" "$PID" "$COOKIE" "$CSRF" big_census.xml "$census" 33554432 csrf-first field >"$WORK/up"
grep -q 'status=200' "$WORK/up" && grep -q accepted "$WORK/up" ||
  fail "a 32 MiB upload (exactly the cap): $(cat "$WORK/up")"
peak=$(sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p' "$WORK/up")
body=$(sed -n 's/.*body_rss_kb=\([0-9]*\).*/\1/p' "$WORK/up")
grow=$((peak - before)) body_grow=$((body - before))
# while the body streams in: a few buffers, not the file; the whole request, import included
# (whose working set, ~20 MB under ASan, is the same for an 8 MB or a 32 MB file): less than it
[ "$body_grow" -lt 8192 ] || fail "RSS grew by $body_grow kB while a 32 MiB body came in"
[ "$grow" -lt 32768 ] || fail "RSS grew by $grow kB during a 32 MiB upload (from $before kB)"
[ "$(q "$store" "SELECT file_name FROM submission ORDER BY id DESC LIMIT 1")" = big_census.xml ] ||
  fail "the 32 MiB upload was not stored"
ok "a 32 MiB upload (exactly the cap) is accepted; RSS grew $body_grow kB while the body came in, $grow kB with the import (from $before kB)"

# every path above, ended cleanly: under ASan a leak makes the exit status non-zero
kill -TERM "$PID"; rc=0; wait "$PID" || rc=$?; PID=""
[ "$rc" = 0 ] || { cat "$WORK/serve.log"; fail "server exited $rc on SIGTERM (a leak or error at exit?)"; }
start_server

# ---- kill -9 in the middle of an upload ----
sed "s|<LAchildID>$first_id</LAchildID>|<LAchildID>$marker</LAchildID>|" "$census" >"$WORK/marked.xml"
grep -q "$marker" "$WORK/marked.xml" || fail "marker not planted"
python3 "$WORK/h.py" slow "$PORT" "$COOKIE" "$CSRF" "$WORK/marked.xml" "$WORK/half" &
slow_pid=$!
for _ in $(seq 1 200); do [ -e "$WORK/half" ] && break; sleep 0.05; done
[ -e "$WORK/half" ] || fail "the slow upload did not start"
# the body is on disk, in a file without a name in uploads/ (polled: the machine may be busy)
fdlink=""
for _ in $(seq 1 100); do
  for l in /proc/$PID/fd/*; do
    case "$(readlink "$l" 2>/dev/null)" in "$store/uploads/"*) fdlink=$l ;; esac
  done
  [ -n "$fdlink" ] && [ "$(stat -L -c %s "$fdlink" 2>/dev/null || echo 0)" -gt 0 ] && break
  sleep 0.05
done
[ -n "$fdlink" ] || fail "the upload in flight is not an unnamed file in uploads/: $(ls -l /proc/$PID/fd | grep -v socket)"
readlink "$fdlink" | grep -q '(deleted)$' || fail "the upload in flight has a name: $(readlink "$fdlink")"
[ "$(stat -L -c %s "$fdlink")" -gt 0 ] && [ "$(stat -L -c %a "$fdlink")" = 600 ] ||
  fail "the upload in flight is not being written to its 0600 file"
grep -qF "$marker" "$fdlink" || fail "the planted id is not in the upload's file yet (test timing)"
[ -z "$(ls -A "$store/uploads")" ] || fail "an upload in flight has a name: $(ls -A "$store/uploads")"
kill -KILL "$PID"; wait "$PID" 2>/dev/null || true; PID=""
kill "$slow_pid" 2>/dev/null; wait "$slow_pid" 2>/dev/null || true; slow_pid=""
rm -f "$WORK/marked.xml"
hits=$(grep -rlsF -D skip "$marker" "$store" "${TMPDIR:-/tmp}" /tmp 2>/dev/null || true)
[ -z "$hits" ] || fail "plaintext of the killed upload on disk: $hits"
[ -z "$(ls -A "$store/uploads")" ] || fail "the kill left files in uploads/"
# a file an older release (or the instant between create and unlink) left: swept on restart
echo "left $marker" >"$store/uploads/.upload-left"
start_server
[ -z "$(ls -A "$store/uploads")" ] || fail "uploads/ not swept at start: $(ls -A "$store/uploads")"
[ "$(stat -c %a "$store/uploads")" = 700 ] || fail "uploads/ is not 0700"
req "$WORK/jar2" GET /; expect 200 "serving after the restart"
ok "kill -9 mid-upload: no plaintext anywhere, uploads/ empty; leftovers swept on restart"
kill -TERM "$PID"; rc=0; wait "$PID" || rc=$?; PID=""
[ "$rc" = 0 ] || { cat "$WORK/serve.log"; fail "server exited $rc on SIGTERM (a leak or error at exit?)"; }
