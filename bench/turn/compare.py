#!/usr/bin/env python3
"""Runs the same turnutils_uclient load against coturn and against MediRelay's TURN server on loopback, in
alternating rounds (coturn, MediRelay, coturn, MediRelay, …) within one run, and prints per server the median and
spread of CPU time per relayed packet (utime+stime from /proc/<pid>/stat of the server process), the ratio of the
medians, loss and round-trip time as uclient reports them, and resident memory with 10 000 concurrent allocations
held by AllocationDriver.java. Both servers stay up through the CPU rounds, so each is measured warm and under the
same background load; memory is measured afterwards on a fresh start of each. Nothing leaves 127.0.0.1; coturn
keeps its database and logs in a temporary directory that is deleted afterwards."""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
# TURN_JAR: a copy of the built jar (with its lib/ beside it), so a rebuild during a long run cannot touch it.
JAR = os.environ.get("TURN_JAR", os.path.join(ROOT, "turn", "target", "medirelay-turn-0.1.0-SNAPSHOT.jar"))
TICKS = os.sysconf("SC_CLK_TCK")
USER, PASSWORD, REALM = "bench", "bench-password", "bench.medirelay"
DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms64m -Xmx256m"


def free_port():
    """A port free for UDP and TCP, with the next one free for UDP too (turnutils_peer and RTCP use port+1)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = u.getsockname()[1]
            try:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                    t.bind(("127.0.0.1", port))
                    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u2:
                        u2.bind(("127.0.0.1", port + 1))
                return port
            except OSError:
                continue


def stat_ticks(path):
    with open(path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime


def thread_ticks(pid):
    """CPU ticks per thread name (threads of one name summed): tells relay work from JIT, GC and timers."""
    by_name = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                name = re.sub(r"#?\d+$", "", f.read().strip())
            by_name[name] = by_name.get(name, 0) + stat_ticks(f"/proc/{pid}/task/{task}/stat")
        except OSError:
            continue
    return by_name


def thread_count(pid):
    return len(os.listdir(f"/proc/{pid}/task"))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stun_ready(port, timeout=30):
    request = bytes.fromhex("000100002112a442") + os.urandom(12)
    deadline = time.time() + timeout
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.3)
        while time.time() < deadline:
            try:
                s.sendto(request, ("127.0.0.1", port))
                s.recvfrom(2048)
                return
            except OSError:
                time.sleep(0.2)
    raise RuntimeError(f"no STUN answer on 127.0.0.1:{port}")


class Server:
    """One TURN server process under test with its own turnutils_peer (the echoing peer)."""

    def __init__(self, name, command, port, metrics_port=None):
        self.name, self.command, self.port, self.metrics_port = name, command, port, metrics_port
        self.peer_port = free_port()
        self.process = self.peer = None
        self.failed_runs = 0

    def start(self):
        print(f"== {self.name}: {' '.join(self.command)}", file=sys.stderr)
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.peer = subprocess.Popen(["turnutils_peer", "-L", "127.0.0.1", "-p", str(self.peer_port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stun_ready(self.port)

    @property
    def pid(self):
        return self.process.pid

    def relayed_by_server(self):
        """Packets relayed in both directions as the server counts them (MediRelay's metrics), or None."""
        if self.metrics_port is None:
            return None
        text = urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5).read().decode()
        return sum(int(v) for v in re.findall(r"^turn_relayed_packets_total\{[^}]*\} (\d+)", text, re.M))

    def stop(self):
        for p in (self.peer, self.process):
            if p is not None and p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in (self.peer, self.process):
            if p is None:
                continue
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def common_flags(port, min_port, max_port):
    return ["--listening-ip", "127.0.0.1", "--listening-port", str(port), "--relay-ip", "127.0.0.1",
            "--min-port", str(min_port), "--max-port", str(max_port), "--realm", REALM,
            "--user", f"{USER}:{PASSWORD}", "--lt-cred-mech", "--allow-loopback-peers", "--no-tls", "--no-cli"]


def coturn(tmp, tag, min_port, max_port, relay_threads):
    port = free_port()
    work = os.path.join(tmp, tag)
    os.makedirs(work, exist_ok=True)
    command = ["turnserver", *common_flags(port, min_port, max_port), "--relay-threads", str(relay_threads),
               "--no-dtls", "--db", os.path.join(work, "turndb"), "--pidfile", os.path.join(work, "turnserver.pid"),
               "--log-file", os.path.join(work, "coturn.log"), "--no-stdout-log", "--simple-log"]
    return Server("coturn", command, port)


# The load comes from one user on one address; coturn has no such limits by default. Builds before these options
# (a --baseline-jar) had none either.
UNLIMITED = ["--user-quota", "0", "--source-quota", "0", "--max-connections-per-ip", "0"]


def medirelay(tmp, tag, min_port, max_port, java_opts, name="medirelay", jar=JAR):
    port, metrics_port = free_port(), free_port()
    command = ["java", *java_opts.split(), "-jar", jar, *common_flags(port, min_port, max_port),
               *(UNLIMITED if jar == JAR else []),
               "--prometheus", "--prometheus-port", str(metrics_port), "--data-dir", os.path.join(tmp, tag)]
    return Server(name, command, port, metrics_port)


SOURCES = iter(range(2, 255))


def run_uclient(server, flags):
    """One uclient run; a run that dies (uclient gives up on a refused request) is reported and tried once more."""
    try:
        return run_uclient_once(server, flags)
    except RuntimeError as e:
        server.failed_runs += 1
        print(f"   WARNING: {e}; running it again", file=sys.stderr)
        return run_uclient_once(server, flags)


def run_uclient_once(server, flags):
    # Each run from its own loopback source address: uclient leaves its allocations behind when it exits, and a
    # later run that reused one of those client ports would hit 437 Allocation Mismatch on either server.
    source = f"127.0.0.{next(SOURCES)}"
    command = ["turnutils_uclient", "-L", source, "-u", USER, "-w", PASSWORD, "-l", "170", "-c", "-e", "127.0.0.1",
               "-r", str(server.peer_port), "-p", str(server.port), *flags, "127.0.0.1"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=900).stdout
    totals = re.findall(r"tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$", out, re.M)
    lost = re.search(r"Total lost packets (\d+) \(([\d.]+)%\)", out)
    rtt = re.search(r"Average round trip delay ([\d.]+) ms", out)
    if not totals or not lost:
        raise RuntimeError(f"uclient against {server.name} did not finish: {' '.join(command)}\n" + out[-2000:])
    sent, received = map(int, totals[-1])
    return {"sent": sent, "received": received, "loss_pct": float(lost.group(2)),
            "rtt_ms": float(rtt.group(1)) if rtt else float("nan")}


def measure(server, flags):
    """One uclient run; CPU of the server process over it, split by thread name."""
    threads_before, by_server_before = thread_ticks(server.pid), server.relayed_by_server()
    before = stat_ticks(f"/proc/{server.pid}/stat")
    r = run_uclient(server, flags)
    r["cpu_s"] = (stat_ticks(f"/proc/{server.pid}/stat") - before) / TICKS
    threads_after = thread_ticks(server.pid)
    r["threads_s"] = {n: (t - threads_before.get(n, 0)) / TICKS for n, t in threads_after.items()
                      if t - threads_before.get(n, 0) > 0}
    r["thread_count"] = thread_count(server.pid)
    r["relayed"] = r["sent"] + r["received"]  # uclient → peer and the echo back: two relayed packets per message
    if by_server_before is not None:
        r["relayed_by_server"] = server.relayed_by_server() - by_server_before
    r["us_per_packet"] = 1e6 * r["cpu_s"] / max(1, r["relayed"])
    return r


def hold_allocations(server, count):
    """RSS idle and while AllocationDriver holds `count` allocations (refreshing them) on a fresh server."""
    server.start()
    try:
        time.sleep(2)
        idle = rss_mib(server.pid)
        driver = subprocess.Popen(["java", os.path.join(HERE, "AllocationDriver.java"), "127.0.0.1", str(server.port),
                                   USER, PASSWORD, str(count), "600"], stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True)
        status = driver.stdout.readline().strip()
        time.sleep(3)
        held = rss_mib(server.pid)
        driver.kill()
        driver.wait()
        return {"idle_mib": idle, "held_mib": held, "status": status, "threads": thread_count(server.pid)}
    finally:
        server.stop()


def spread(values):
    return f"{statistics.median(values):7.2f} [{min(values):6.2f}–{max(values):6.2f}]"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per load and server (after warm-up)")
    parser.add_argument("--messages", type=int, default=500, help="messages per client per run (uclient -n)")
    parser.add_argument("--allocations", type=int, default=10000, help="concurrent allocations for the memory figure")
    parser.add_argument("--relay-threads", type=int, default=1,
                        help="coturn's --relay-threads (MediRelay relays on one event-loop thread)")
    parser.add_argument("--java-opts", action="append",
                        help="MediRelay's JVM options; repeat to alternate several JVM configurations in one run "
                             f"(default: {DEFAULT_JAVA_OPTS})")
    parser.add_argument("--baseline-jar", help="also alternate an earlier build of the server (its jar, lib/ beside "
                                                 "it) as medirelay-baseline, with the first JVM options")
    parser.add_argument("--loads", default="udp100,udp200,tcp100", help="comma-separated: udp100, udp200, tcp100")
    parser.add_argument("--quick", action="store_true", help="2 rounds of 100 messages, 1000 allocations")
    parser.add_argument("--json", help="also write every measurement to this file")
    args = parser.parse_args()
    variants = args.java_opts or [os.environ.get("TURN_JAVA_OPTS", DEFAULT_JAVA_OPTS)]
    names = ["coturn"] + ["medirelay" if i == 0 else f"medirelay-{i + 1}" for i in range(len(variants))]
    jars = [JAR] * len(variants)
    if args.baseline_jar:
        names.append("medirelay-baseline")
        variants.append(variants[0])
        jars.append(os.path.abspath(args.baseline_jar))
    for tool in ("turnserver", "turnutils_uclient", "turnutils_peer", "java"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install -y coturn / a JDK)")
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "-pl", "turn", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    rounds, n = (2, "100") if args.quick else (args.rounds, str(args.messages))
    shapes = {
        "udp100": ("udp 100 clients x 50 pkt/s", ["-m", "100", "-z", "20", "-n", n]),
        "udp200": ("udp 200 clients x 100 pkt/s", ["-m", "200", "-z", "10", "-n", n]),
        "tcp100": ("tcp 100 clients x 50 pkt/s", ["-t", "-m", "100", "-z", "20", "-n", n]),
    }
    loads = [shapes[k] for k in args.loads.split(",")]
    allocations = min(1000, args.allocations) if args.quick else args.allocations
    uptime_before = open("/proc/loadavg").read().strip()
    tmp = tempfile.mkdtemp(prefix="turn-bench-")
    failed = {}
    results = {label: {name: [] for name in names} for label, _ in loads}
    memory = {}
    try:
        # Disjoint relay port ranges, since all servers run at once; uclient's left-behind allocations expire late.
        width = 12000 // len(names)
        servers = [coturn(tmp, "coturn", 20000, 20000 + width - 1, args.relay_threads)] + [
            medirelay(tmp, name, 20000 + (i + 1) * width, 20000 + (i + 2) * width - 1, opts, name, jar)
            for i, (name, opts, jar) in enumerate(zip(names[1:], variants, jars))]
        for s in servers:
            s.start()
        try:
            # The same warm-up for both: every load shape once at full length (JIT compilation, caches, buffers).
            for label, flags in loads:
                for s in servers:
                    run_uclient(s, flags)
            for i in range(rounds):
                for label, flags in loads:
                    for s in servers:
                        r = measure(s, flags)
                        results[label][s.name].append(r)
                        print(f"   round {i + 1} {label} {s.name}: {r['us_per_packet']:.2f} µs/pkt, "
                              f"{r['relayed']} relayed, {r['loss_pct']}% lost, RTT {r['rtt_ms']} ms, "
                              f"threads {r['thread_count']}, CPU by thread {r['threads_s']}", file=sys.stderr)
        finally:
            for s in servers:
                s.stop()
        failed = {s.name: s.failed_runs for s in servers}
        if allocations:
            # A fresh start of each, one at a time, with the whole port range.
            memory["coturn"] = hold_allocations(coturn(tmp, "coturn-mem", 20000, 31999, args.relay_threads),
                                                allocations)
            memory["medirelay"] = hold_allocations(medirelay(tmp, "medirelay-mem", 20000, 31999, variants[0]),
                                                   allocations)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    uptime_after = open("/proc/loadavg").read().strip()
    print(f"uclient runs that died and were run again, per server: {failed}")

    print(f"\nturnutils_uclient, 170-byte packets, loopback; {rounds} alternating rounds per load after one warm-up "
          f"run each; coturn --relay-threads {args.relay_threads}")
    for name, opts, jar in zip(names[1:], variants, jars):
        print(f"{name}: {jar}; JVM: {opts}")
    print(f"load average before: {uptime_before}; after: {uptime_after}; {os.cpu_count()} CPUs")
    print("µs/pkt: server CPU (utime+stime) per relayed packet, median [min–max] over the rounds; relayed: "
          "uclient's sent+received per run (median); loss and RTT: medians of uclient's figures")
    print(f"{'load':28} {'server':10} {'threads':>7} {'relayed':>8} {'µs/pkt median [min–max]':>25} "
          f"{'loss %':>7} {'RTT ms':>7}")
    for label, _ in loads:
        for name in names:
            rs = results[label][name]
            print(f"{label:28} {name:10} {rs[-1]['thread_count']:7d} "
                  f"{int(statistics.median(r['relayed'] for r in rs)):8d} "
                  f"{spread([r['us_per_packet'] for r in rs]):>25} "
                  f"{statistics.median(r['loss_pct'] for r in rs):7.3f} "
                  f"{statistics.median(r['rtt_ms'] for r in rs):7.2f}")
        for name in names[1:]:
            ratio = statistics.median(r["us_per_packet"] for r in results[label][name]) / max(
                1e-9, statistics.median(r["us_per_packet"] for r in results[label]["coturn"]))
            checks = [r["relayed_by_server"] - r["relayed"] for r in results[label][name]]
            print(f"{'':28} {'ratio':10} {'':7} {'':8} {ratio:>25.2f}  ({name} / coturn, medians; {name}'s own "
                  f"count minus uclient's: {min(checks)}…{max(checks)})")
    for name in names[1:]:
        print(f"\n{name} CPU by thread, seconds per run (median):")
        for label, _ in loads:
            rs = results[label][name]
            print(f"  {label:28} " + " ".join(
                f"{t}={statistics.median(r['threads_s'].get(t, 0) for r in rs):.2f}"
                for t in sorted({t for r in rs for t in r["threads_s"]})))
    if allocations:
        print(f"\nResident memory with {allocations} concurrent allocations (fresh server each):")
        for name in ("coturn", "medirelay"):
            m = memory[name]
            print(f"  {name:10} idle {m['idle_mib']:7.1f} MiB, holding {m['held_mib']:7.1f} MiB "
                  f"(+{m['held_mib'] - m['idle_mib']:.1f} MiB; {m['threads']} threads; driver: {m['status']})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"results": results, "memory": memory, "load_before": uptime_before,
                       "load_after": uptime_after}, f, indent=1)


if __name__ == "__main__":
    main()
