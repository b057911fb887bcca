#!/usr/bin/env python3
"""
Start-up time and memory of the compiled terminal client (docs/tui.md, "Start-up time and memory").

Python because it has a pseudo-terminal in its standard library (pty.fork) and Node has none: the client must
believe it runs in a terminal, or it takes line mode. For each run, in a pty of 80x24 with LANG=C.UTF-8:

- a bare `node -e "process.stdout.write('x')"`: time from the fork to its first byte (the baseline: how fast this
  machine starts Node at all, right now);
- `node tui-client/bin.js --new ...`: time from the fork to the first frame's bytes (`Taking a seat`), then to the
  game screen (`Move`), then VmRSS and VmHWM from /proc/<pid>/status half a second after the game screen.

Beside the times, the CPU time (user + system, /proc/<pid>/stat, in clock ticks of 10 ms) each process had used when
its first bytes came: on a shared machine the wall time mostly measures the queue for a core, the CPU time much
less so.

Runs alternate (baseline, client, baseline, client...) so that both see the same load. It starts its own server
(dist/server/main.js, port 0, :memory:) and prints the median and max of each figure, and their ratios.
With --unbundled, each run also measures dist/tui-client/cli.js (the modules as tsc wrote them, React's
development build), the way bin.js started the client before the bundle.
Usage: python3 tools/measure-tui-startup.py [RUNS] [--unbundled]   (npm run build first)
"""
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NODE = shutil.which("node") or "node"


def start_server():
    proc = subprocess.Popen(
        [NODE, os.path.join(ROOT, "dist/server/main.js"), "--port", "0", "--data", ":memory:"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"listening on (http://[0-9.:]+)", line)
        if match:
            return proc, match.group(1)
    proc.kill()
    raise SystemExit("the server did not start")


def proc_status(pid):
    figures = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    figures[key] = int(value.split()[0]) / 1024  # kB -> MB
    except FileNotFoundError:
        pass
    return figures


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User + system CPU time the process has used so far (all its threads), from /proc/<pid>/stat."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except (FileNotFoundError, IndexError):
        return float("nan")


def run_in_pty(argv, env, marks, settle=0.0):
    """
    Fork argv in a pty; for each mark, seconds from the fork to the first bytes matching it and the CPU seconds
    used by then; /proc figures after `settle`.
    """
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    os.set_blocking(fd, False)
    # 80x24, as the terminal the client lays out for.
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    times = {}
    cpu = {}
    deadline = started + 30
    while len(times) < len(marks) and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        for mark in marks:
            if mark not in times and mark in seen:
                times[mark] = time.perf_counter() - started
                cpu[mark] = cpu_seconds(pid)
    figures = {}
    if settle:
        end = time.perf_counter() + settle
        while time.perf_counter() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    break
        figures = proc_status(pid)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    figures["cpu"] = cpu
    return times, figures, seen


def summary(values):
    return f"median {statistics.median(values):.3f}  max {max(values):.3f}"


CLIENTS = {
    # What rookery-tui runs: the bundle of `npm run build` (tools/bundle-tui.mjs), React's production build.
    "bundle": os.path.join(ROOT, "tui-client/bin.js"),
    # For comparison (--unbundled): the modules tsc wrote, as bin.js ran them before, React's development build.
    "unbundled": os.path.join(ROOT, "dist/tui-client/cli.js"),
}


def main():
    args = sys.argv[1:]
    names = ["bundle"] + (["unbundled"] if "--unbundled" in args else [])
    args = [arg for arg in args if arg != "--unbundled"]
    runs = int(args[0]) if args else 12
    server, url = start_server()
    home = tempfile.mkdtemp(prefix="rookery-tui-startup-")
    env = {**os.environ, "LANG": "C.UTF-8", "TERM": "xterm-256color", "XDG_CONFIG_HOME": home}
    env.pop("CI", None)
    env.pop("NODE_ENV", None)
    baseline, baseline_cpu = [], []
    figures = {name: {"first": [], "cpu": [], "screen": [], "rss": [], "hwm": []} for name in names}
    try:
        for index in range(runs):
            # The baseline waits a moment after its byte so that its CPU time can still be read.
            times, proc, _ = run_in_pty([NODE, "-e", "process.stdout.write('x'); setTimeout(() => {}, 300)"], env, [b"x"])
            baseline.append(times.get(b"x", float("nan")))
            baseline_cpu.append(proc["cpu"].get(b"x", float("nan")))
            for name in names:
                argv = [NODE, CLIENTS[name], "--server", url, "--name", f"m{index}", "--new"]
                times, proc, seen = run_in_pty(argv, env, [b"Taking a seat", b"Move"], settle=0.5)
                if b"Move" not in times:
                    print(f"run {index} ({name}): no game screen; output: {seen[-400:]!r}", file=sys.stderr)
                    continue
                figures[name]["first"].append(times[b"Taking a seat"])
                figures[name]["cpu"].append(proc["cpu"][b"Taking a seat"])
                figures[name]["screen"].append(times[b"Move"])
                figures[name]["rss"].append(proc.get("VmRSS", float("nan")))
                figures[name]["hwm"].append(proc.get("VmHWM", float("nan")))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(home, ignore_errors=True)
    load = os.getloadavg()
    print(f"{runs} runs; load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} CPUs")
    print(f"bare node -e, first byte (s):         {summary(baseline)}")
    print(f"bare node -e, CPU by then (s):        {summary(baseline_cpu)}")
    for name in names:
        data = figures[name]
        if not data["first"]:
            continue
        ratio = statistics.median(data["first"]) / statistics.median(baseline)
        print(f"{name}: first frame (s):            {summary(data['first'])}   ({ratio:.2f}x bare node)")
        print(f"{name}: CPU by the first frame (s): {summary(data['cpu'])}")
        print(f"{name}: game screen (s):            {summary(data['screen'])}")
        print(f"{name}: VmRSS (MB):                 {summary(data['rss'])}")
        print(f"{name}: VmHWM (MB):                 {summary(data['hwm'])}")


if __name__ == "__main__":
    main()
