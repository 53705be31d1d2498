#!/usr/bin/env python3
"""A working day of `govwiki serve`, compressed: a server with open tabs left idle for
minutes at a time, under a low limit of open files, while `content/` is replaced as
`git checkout` and `git stash` replace it, pages are edited, and bursts of idle
connections come and go. Reports what it saw; exits 1 when the server stopped answering,
lost a tab's live reload, missed an edit or died.

    bench/soak.py [--minutes 10] [--tabs 40] [--open-files 256] [--binary PATH]

Without `--binary` it builds the release binary first. The site is a copy of the
repository's `content/` in a temporary folder; nothing of the repository is written.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Tab(threading.Thread):
    """An open tab's event stream, which reconnects as EventSource does."""

    def __init__(self, address):
        super().__init__(daemon=True)
        self.address = address
        self.generations = []
        self.connects = 0
        self.stop = False

    def run(self):
        host, port = self.address
        while not self.stop:
            try:
                with socket.create_connection((host, port), timeout=120) as s:
                    self.connects += 1
                    s.sendall(
                        f"GET /__govwiki/events HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
                    )
                    data = b""
                    retry = 0.5
                    while not self.stop:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                        while b"\n\n" in data:
                            event, data = data.split(b"\n\n", 1)
                            for line in event.decode(errors="replace").splitlines():
                                if line.startswith("data: "):
                                    self.generations.append(int(line[6:]))
                                elif line.startswith("retry:"):
                                    retry = int(line[6:].strip()) / 1000
                    time.sleep(retry)
            except OSError:
                time.sleep(1)


def get(address, path):
    """The status and body of `GET path`, or (0, error)."""
    host, port = address
    try:
        with socket.create_connection((host, port), timeout=30) as s:
            s.sendall(
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode()
            )
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), body.decode(errors="replace")
    except (OSError, IndexError, ValueError) as error:
        return 0, str(error)


def proc_field(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--tabs", type=int, default=40)
    parser.add_argument("--open-files", type=int, default=256)
    parser.add_argument("--binary")
    args = parser.parse_args()

    binary = args.binary and os.path.abspath(args.binary)
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        binary = os.path.join(ROOT, "target", "release", "govwiki")
    work = tempfile.mkdtemp(prefix="govwiki-soak-")
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(ROOT, "content"), os.path.join(site, "content"))
    shutil.copy(os.path.join(ROOT, "govwiki.yaml"), site)
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "w")
    limit = args.open_files
    server = subprocess.Popen(
        ["bash", "-c", f'ulimit -Sn {limit} && ulimit -Hn {limit} && exec "$0" serve --port 0 --no-history', binary],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"},
    )
    address = None
    for _ in range(600):
        with open(log_path) as text:
            found = re.search(r"http://([\d.]+):(\d+)/", text.read())
        if found:
            address = (found.group(1), int(found.group(2)))
            break
        time.sleep(0.1)
    if address is None:
        server.kill()
        sys.exit(f"the server did not start:\n{open(log_path).read()}")

    tabs = [Tab(address) for _ in range(args.tabs)]
    for tab in tabs:
        tab.start()
    requests = failures = edits = missed = 0
    page = os.path.join(site, "content", "index.md")
    content = os.path.join(site, "content")
    started = time.time()
    end = started + args.minutes * 60
    round_number = 0
    seen = []

    def check(path):
        nonlocal requests, failures
        requests += 1
        status, body = get(address, path)
        if status != 200:
            failures += 1
            seen.append(f"{time.time() - started:7.1f} s  GET {path}: {status} {body[:80]!r}")
            return False
        return True

    while time.time() < end and server.poll() is None:
        round_number += 1
        # An idle spell longer than every timeout of the server.
        idle_until = min(end, time.time() + 45)
        while time.time() < idle_until and server.poll() is None:
            time.sleep(5)
            check("/")
        # A checkout: the folder goes away and comes back, or is made anew.
        aside = os.path.join(work, "aside")
        if round_number % 2:
            os.rename(content, aside)
            time.sleep(1)
            os.rename(aside, content)
        else:
            shutil.copytree(content, aside)
            shutil.rmtree(content)
            time.sleep(1)
            shutil.copytree(aside, content)
            shutil.rmtree(aside)
        time.sleep(2)
        # An edit, which every tab must hear of and the server must serve.
        marker = f"Soak round {round_number}."
        with open(page, "a") as text:
            text.write(f"\n{marker}\n")
        edits += 1
        deadline = time.time() + 15
        served = False
        while time.time() < deadline and not served:
            requests += 1
            status, body = get(address, "/")
            served = status == 200 and marker in body
            time.sleep(0.2)
        if not served:
            missed += 1
            seen.append(f"{time.time() - started:7.1f} s  edit {round_number} not served")
        # A burst of idle connections beyond the limit of open files.
        burst = []
        for _ in range(limit * 2):
            try:
                burst.append(socket.create_connection(address, timeout=5))
            except OSError:
                break
        time.sleep(1)
        for connection in burst:
            connection.close()
        check("/")

    alive = server.poll() is None
    threads, rss = proc_field(server.pid, "Threads"), proc_field(server.pid, "VmHWM")
    fds = len(os.listdir(f"/proc/{server.pid}/fd")) if alive else -1
    time.sleep(5)
    last = max((max(tab.generations) for tab in tabs if tab.generations), default=0)
    behind = sum(1 for tab in tabs if not tab.generations or max(tab.generations) < last)
    for tab in tabs:
        tab.stop = True
    server.send_signal(2)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    text = open(log_path).read()
    minutes = (time.time() - started) / 60
    print(f"soak of {minutes:.1f} minutes, {args.tabs} tabs, a limit of {limit} open files")
    print(f"  rounds (45 s idle, folder replaced, edit, {limit * 2} idle connections): {round_number}")
    print(f"  requests: {requests}, failed: {failures}")
    print(f"  edits: {edits}, not served within 15 s: {missed}")
    print(f"  tabs behind the last generation ({last}): {behind}; reconnects: "
          f"{sum(tab.connects for tab in tabs) - len(tabs)}")
    print(f"  at the end: alive {alive}, {threads} threads, {fds} open files, peak {rss // 1024} MiB")
    print(f"  'watching it again' reported: {text.count('watching it again')}; "
          f"'cannot accept' reported: {text.count('cannot accept')}; panics: {text.count('panicked')}")
    for line in seen[:20]:
        print("  " + line)
    shutil.rmtree(work, ignore_errors=True)
    ok = alive and failures == 0 and missed == 0 and behind == 0 and "panicked" not in text
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
