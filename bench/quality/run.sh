#!/usr/bin/env bash
# Media quality on shaped links: a doctor's and a patient's Chromium in one consult through the real app and media
# node, the patient's browser in a network namespace whose link each profile caps (tc tbf) and makes lossy (iptables
# statistic), one table row per profile. See bench/quality/README.md for the columns.
# Usage: sudo bench/quality/run.sh [--profiles=unconstrained,250kbit,...] [--seconds=30] [--warmup=5] [--list]
# Needs root, iproute2, iptables, chromium, chromium-driver. MVN_ARGS (e.g. -o) is passed to Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ " $* " != *" --list "* && "$(id -u)" != 0 ]]; then
  echo "bench/quality needs root: it creates a network namespace and shapes its link" >&2
  exit 1
fi

exec "$root/bench/e2e-main.sh" org.medirelay.e2e.QualityBench "$@"
