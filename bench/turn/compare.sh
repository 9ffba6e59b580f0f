#!/usr/bin/env bash
# Same turnutils_uclient load against coturn and against MediRelay's TURN server in alternating rounds, on loopback.
# Prints median and spread of CPU time per relayed packet (server process counters), the ratio, loss, RTT, and RSS
# for 10 000 allocations.
# Usage: bench/turn/compare.sh [--quick] [--rounds N] [--messages N] [--loads udp100,udp200,tcp100] [--relay-threads N]
#        [--allocations N] [--java-opts "..."]... [--baseline-jar OLD.jar] [--json FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec python3 bench/turn/compare.py "$@"
