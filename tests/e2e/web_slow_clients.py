#!/usr/bin/env python3
"""The slowloris attack of issue 12 item 3, bounded and on loopback only, for web_ops.sh.

usage: web_slow_clients.py PORT SERVER_PID SECONDS PER_ADDRESS

PER_ADDRESS connections from each of 127.0.0.2 and 127.0.0.3 send their request headers one
byte a second and reconnect whenever the server closes them, for SECONDS seconds. Meanwhile a
normal client on 127.0.0.1 asks for /healthz twice a second with a 1 s budget. Prints one JSON
object: the normal client's worst latency and failures, the most attack connections the
server held open at once per address, the oldest attack connection's age when the server
closed it, and the server's peak RSS. Stops by itself.
"""
import json
import select
import socket
import sys
import time

port, pid, seconds, per_addr = (int(a) for a in sys.argv[1:5])
ATTACKERS = ("127.0.0.2", "127.0.0.3")
HEADER = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 4096


class Slow:
    def __init__(self, addr):
        self.addr = addr
        self.sock = None
        self.opened = 0.0
        self.sent = 0
        self.connect()

    def connect(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((self.addr, 0))
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", port))
        except BlockingIOError:
            pass
        self.sock = s
        self.opened = time.monotonic()
        self.sent = 0

    def alive(self):
        """False once the server closed the connection (end of stream or reset)."""
        try:
            r, _, _ = select.select([self.sock], [], [], 0)
            if r:
                data = self.sock.recv(4096)
                if not data:
                    return False
                # an answer (should not come before the headers end) also means it is over
                return False
            return True
        except OSError:
            return False

    def tick(self):
        try:
            self.sock.send(HEADER[self.sent % len(HEADER):self.sent % len(HEADER) + 1])
            self.sent += 1
        except OSError:
            pass

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def rss_kib():
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def normal_request():
    t0 = time.monotonic()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=1.0)
        s.settimeout(1.0)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            left = 1.0 - (time.monotonic() - t0)
            if left <= 0:
                raise TimeoutError()
            s.settimeout(left)
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        s.close()
        ok = data.startswith(b"HTTP/1.1 200")
        return ok, time.monotonic() - t0
    except (OSError, TimeoutError):
        return False, time.monotonic() - t0


start = time.monotonic()
slow = [Slow(a) for a in ATTACKERS for _ in range(per_addr)]
worst = 0.0
failures = 0
requests = 0
held = {a: 0 for a in ATTACKERS}
closed_ages = []
peak_rss = 0
oldest_alive = 0.0
next_tick = start
next_normal = start + 0.5
while time.monotonic() - start < seconds:
    now = time.monotonic()
    if now >= next_tick:
        next_tick += 1.0
        alive = {a: 0 for a in ATTACKERS}
        for c in slow:
            if c.alive():
                c.tick()
                if now - c.opened >= 0.9:
                    alive[c.addr] += 1
                    oldest_alive = max(oldest_alive, now - c.opened)
            else:
                age = now - c.opened
                if c.sent > 0:
                    closed_ages.append(age)
                c.close()
                c.connect()
        # connections still open one second after they were made are held by the server
        for a in ATTACKERS:
            held[a] = max(held[a], alive[a])
        peak_rss = max(peak_rss, rss_kib())
    if now >= next_normal:
        next_normal += 0.5
        ok, took = normal_request()
        requests += 1
        worst = max(worst, took)
        if not ok:
            failures += 1
    time.sleep(0.02)
for c in slow:
    c.close()
print(json.dumps({
    "requests": requests,
    "failures": failures,
    "worst_ms": int(worst * 1000),
    "held_max": held,
    "oldest_alive_s": round(oldest_alive, 1),
    "oldest_closed_s": round(max(closed_ages) if closed_ages else 0.0, 1),
    "closed": len(closed_ages),
    "peak_rss_kib": peak_rss,
}))
