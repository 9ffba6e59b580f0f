#!/usr/bin/env bash
# Session creation + join-token issuance load on loopback.
# Builds the app jar if needed, starts it on an ephemeral loopback port with a temporary data folder (embedded store),
# registers two fake media nodes so placement runs, then drives the integration API with SessionLoad.java.
# Usage: bench/app/session-load.sh [threads] [units] [warmup-units]
# Environment: APP_JAR runs that jar (no build), APP_JAVA_OPTS adds JVM options to the app, PROFILE=file.jfr records
# the measured units with Java Flight Recorder (summarise with bench/app/TopFrames.java). See bench/app/README.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
threads="${1:-8}"; units="${2:-4000}"; warmup="${3:-1000}"

jar="${APP_JAR:-$(ls "$root"/app/target/medirelay-app-*.jar 2>/dev/null | grep -v original | head -1 || true)}"
if [[ -z "${APP_JAR:-}" ]] && [[ -z "$jar" || -n "$(find "$root/app/src" "$root/common/src" -newer "$jar" -type f | head -1)" ]]; then
  echo "building the app jar..." >&2
  (cd "$root" && mvn -B -q -pl app -am package -DskipTests)
  jar="$(ls "$root"/app/target/medirelay-app-*.jar | grep -v original | head -1)"
fi

data="$(mktemp -d -t medirelay-bench-XXXXXX)"
log="$data/app.log"
secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
node_secret="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
app_pid=""
beat_pid=""
cleanup() {
  if [[ -n "$beat_pid" ]]; then kill "$beat_pid" 2>/dev/null || true; fi
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

DATA_DIR="$data" PORT=0 SERVER_ADDRESS=127.0.0.1 INTERNAL_SECRET="$secret" MEDIA_NODE_SECRET="$node_secret" \
  java -Xmx512m ${APP_JAVA_OPTS:-} -jar "$jar" >"$log" 2>&1 &
app_pid=$!

port=""
# Up to 5 minutes: a start on a machine busy with builds takes minutes.
for _ in $(seq 1 600); do
  port="$(grep -oE 'MediRelay app listening on port [0-9]+' "$log" | grep -oE '[0-9]+$' || true)"
  [[ -n "$port" ]] && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$port" ]] || { echo "the app did not start" >&2; cat "$log" >&2; exit 1; }
base="http://127.0.0.1:$port"

heartbeats() {
  for node in bench-node-a bench-node-b; do
    curl -sf -o /dev/null -X POST "$base/api/media-nodes/heartbeat" -H "Authorization: Bearer $node_secret" \
      -H 'Content-Type: application/json' \
      -d "{\"id\":\"$node\",\"signalingUrl\":\"ws://127.0.0.1:1/ws\",\"udpAddress\":\"127.0.0.1:10000\",\"capacity\":1000000,\"sessions\":0,\"participants\":0,\"draining\":false}"
  done
}
heartbeats
# Two fake media nodes stay live during the run, as real ones would (heartbeat every 10 s, live for 30 s).
(while sleep 5; do heartbeats || true; done) &
beat_pid=$!

echo "app: $jar on $base (pid $app_pid), $(nproc) cores, java $(java -version 2>&1 | head -1)"
java "$root/bench/app/SessionLoad.java" "$base" "$secret" "$app_pid" "$threads" "$units" "$warmup" ${PROFILE:+"$PROFILE"}
