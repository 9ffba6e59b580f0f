#!/usr/bin/env bash
# Join time: from opening a join link to being in the call, step by step, in Chromium on loopback against the app
# and a media node from their jars. See bench/join/README.md for the columns.
# Usage: bench/join/run.sh [--joins=10] [--warmup=2]
# Needs chromium and chromium-driver. MVN_ARGS (e.g. -o) is passed to Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

# The servers' jars and the harness (testkit, e2e's test classes), and e2e's test classpath in a file.
echo "building..." >&2
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} package dependency:build-classpath -pl e2e -am -DskipTests \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
version="$(basename "$(ls "$root"/app/target/medirelay-app-*.jar | grep -v original | head -1)" .jar)"
version="${version#medirelay-app-}"

exec java -Dmedirelay.root="$root" -Dmedirelay.version="$version" \
  -cp "$root/e2e/target/test-classes:$(cat "$root/e2e/target/test-classpath.txt")" \
  org.medirelay.e2e.JoinBench "$@"
