#!/usr/bin/env bash
# Join time: from opening a join link to being in the call, step by step, in Chromium on loopback against the app
# and a media node from their jars. See bench/join/README.md for the columns.
# Usage: bench/join/run.sh [--joins=10] [--warmup=2] [--settle=2] [--keep-logs]
# Needs chromium and chromium-driver. MVN_ARGS (e.g. -o) is passed to Maven.
set -euo pipefail
exec "$(dirname "$0")/../e2e-main.sh" org.medirelay.e2e.JoinBench "$@"
