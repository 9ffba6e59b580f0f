#!/usr/bin/env python3
"""Runs the same turnutils_uclient load against coturn and against MediRelay's TURN server, one after the other,
on loopback, and prints each server's CPU time per relayed packet (from /proc/<pid>/stat of the server process),
the ratio, loss and round-trip time as uclient reports them, and resident memory with 10 000 concurrent
allocations held by AllocationDriver.java. Nothing leaves 127.0.0.1; coturn keeps its database and logs in a
temporary directory that is deleted afterwards."""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
JAR = os.path.join(ROOT, "turn", "target", "medirelay-turn-0.1.0-SNAPSHOT.jar")
TICKS = os.sysconf("SC_CLK_TCK")
USER, PASSWORD, REALM = "bench", "bench-password", "bench.medirelay"


def free_port():
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


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def compiler_seconds(pid):
    """CPU of the JVM's JIT compiler threads (zero for coturn), to tell warm-up from steady-state relaying."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/comm") as f:
                if "CompilerThre" not in f.read():
                    continue
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / TICKS


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stun_ready(port, timeout=20):
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


def common_flags(port, min_port, max_port):
    return ["--listening-ip", "127.0.0.1", "--listening-port", str(port), "--relay-ip", "127.0.0.1",
            "--min-port", str(min_port), "--max-port", str(max_port), "--realm", REALM,
            "--user", f"{USER}:{PASSWORD}", "--lt-cred-mech", "--allow-loopback-peers", "--no-tls", "--no-cli"]


def coturn_command(tmp, port, min_port, max_port):
    return ["turnserver", *common_flags(port, min_port, max_port), "--no-dtls", "--db", os.path.join(tmp, "turndb"),
            "--pidfile", os.path.join(tmp, "turnserver.pid"), "--log-file", os.path.join(tmp, "coturn.log"),
            "--no-stdout-log", "--simple-log"]


def medirelay_command(tmp, port, min_port, max_port, java_opts):
    return ["java", *java_opts.split(), "-jar", JAR, *common_flags(port, min_port, max_port),
            "--data-dir", os.path.join(tmp, "medirelay")]


RUNS = iter(range(2, 255))


def run_uclient(port, peer_port, flags):
    # Each run from its own loopback source address: uclient leaves its allocations behind when it exits, and a
    # later run that reused one of those client ports would hit 437 Allocation Mismatch on either server.
    source = f"127.0.0.{next(RUNS)}"
    command = ["turnutils_uclient", "-L", source, "-u", USER, "-w", PASSWORD, "-l", "170", "-c", "-e", "127.0.0.1",
               "-r", str(peer_port), "-p", str(port), *flags, "127.0.0.1"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=600).stdout
    totals = re.findall(r"tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$", out, re.M)
    lost = re.search(r"Total lost packets (\d+) \(([\d.]+)%\)", out)
    rtt = re.search(r"Average round trip delay ([\d.]+) ms", out)
    if not totals or not lost:
        raise RuntimeError("uclient did not finish:\n" + out[-2000:])
    sent, received = map(int, totals[-1])
    return {"sent": sent, "received": received, "lost": int(lost.group(1)), "loss_pct": float(lost.group(2)),
            "rtt_ms": float(rtt.group(1)) if rtt else float("nan")}


def hold_allocations(port, count, tmp):
    driver = subprocess.Popen(["java", os.path.join(HERE, "AllocationDriver.java"), "127.0.0.1", str(port), USER,
                               PASSWORD, str(count), "600"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    line = driver.stdout.readline()
    return driver, line.strip()


def bench_server(name, command, port, peer_port, loads, allocations, tmp):
    print(f"\n== {name}: {' '.join(command)}", file=sys.stderr)
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = subprocess.Popen(["turnutils_peer", "-L", "127.0.0.1", "-p", str(peer_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {}
    try:
        stun_ready(port)
        # The same warm-up for both servers: every load shape once, shorter (JIT compilation, caches, buffers).
        for label, flags in loads:
            run_uclient(port, peer_port, [f if f != flags[-1] else "200" for f in flags])
        for label, flags in loads:
            before, jit_before = cpu_seconds(server.pid), compiler_seconds(server.pid)
            r = run_uclient(port, peer_port, flags)
            r["cpu_s"] = cpu_seconds(server.pid) - before
            r["jit_s"] = compiler_seconds(server.pid) - jit_before
            r["relayed"] = r["sent"] + r["received"]
            r["us_per_packet"] = 1e6 * r["cpu_s"] / max(1, r["relayed"])
            r["us_per_packet_no_jit"] = 1e6 * (r["cpu_s"] - r["jit_s"]) / max(1, r["relayed"])
            results[label] = r
            print(f"   {label}: {r}", file=sys.stderr)
        if allocations:
            idle = rss_mib(server.pid)
            driver, status = hold_allocations(port, allocations, tmp)
            time.sleep(3)
            held = rss_mib(server.pid)
            results["memory"] = {"idle_mib": idle, "held_mib": held, "status": status}
            print(f"   memory: {results['memory']}", file=sys.stderr)
            driver.kill()
            driver.wait()
    finally:
        peer.send_signal(signal.SIGTERM)
        server.send_signal(signal.SIGTERM)
        for p in (peer, server):
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--allocations", type=int, default=10000, help="concurrent allocations for the memory figure")
    parser.add_argument("--java-opts", default=os.environ.get("TURN_JAVA_OPTS", "-XX:+UseSerialGC -Xms64m -Xmx256m"))
    parser.add_argument("--quick", action="store_true", help="short loads, 1000 allocations")
    args = parser.parse_args()
    for tool in ("turnserver", "turnutils_uclient", "turnutils_peer", "java"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed (apt-get install -y coturn / a JDK)")
    if not os.path.exists(JAR):
        subprocess.run(["mvn", "-B", "-q", "-pl", "turn", "-am", "package", "-DskipTests"], cwd=ROOT, check=True)
    n = "100" if args.quick else "500"
    loads = [
        ("udp 100 clients x 50 pkt/s", ["-m", "100", "-z", "20", "-n", n]),
        ("udp 200 clients x 100 pkt/s", ["-m", "200", "-z", "10", "-n", n]),
        ("tcp 100 clients x 50 pkt/s", ["-t", "-m", "100", "-z", "20", "-n", n]),
    ]
    allocations = 1000 if args.quick else args.allocations
    tmp = tempfile.mkdtemp(prefix="turn-bench-")
    try:
        results = {}
        for name in ("coturn", "medirelay"):
            port, peer_port = free_port(), free_port()
            min_port = 20000
            max_port = 31999
            command = coturn_command(tmp, port, min_port, max_port) if name == "coturn" else \
                medirelay_command(tmp, port, min_port, max_port, args.java_opts)
            results[name] = bench_server(name, command, port, peer_port, loads, allocations, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\nturnutils_uclient, 170-byte packets, loopback; MediRelay JVM: {args.java_opts}")
    print("CPU s: utime+stime of the server process during the run; JIT s: the part spent by JIT compiler threads")
    print(f"{'load':30} {'server':10} {'relayed':>9} {'CPU s':>7} {'µs/pkt':>8} {'loss':>8} {'RTT ms':>7} "
          f"{'JIT s':>6} {'µs/pkt w/o JIT':>15}")
    for label, _ in loads:
        for name in ("coturn", "medirelay"):
            r = results[name][label]
            print(f"{label:30} {name:10} {r['relayed']:9d} {r['cpu_s']:7.2f} {r['us_per_packet']:8.2f} "
                  f"{r['loss_pct']:7.2f}% {r['rtt_ms']:7.2f} {r['jit_s']:6.2f} {r['us_per_packet_no_jit']:15.2f}")
        ratio = results["medirelay"][label]["us_per_packet"] / max(1e-9, results["coturn"][label]["us_per_packet"])
        steady = results["medirelay"][label]["us_per_packet_no_jit"] / max(
            1e-9, results["coturn"][label]["us_per_packet_no_jit"])
        print(f"{'':30} {'ratio':10} {'':9} {'':7} {ratio:8.2f}  (MediRelay / coturn CPU per packet; "
              f"{steady:.2f} without JIT compiler threads)")
    if allocations:
        print(f"\nResident memory with {allocations} concurrent allocations:")
        for name in ("coturn", "medirelay"):
            m = results[name]["memory"]
            print(f"  {name:10} idle {m['idle_mib']:7.1f} MiB, holding {m['held_mib']:7.1f} MiB "
                  f"(+{m['held_mib'] - m['idle_mib']:.1f} MiB; driver: {m['status']})")


if __name__ == "__main__":
    main()
