#!/usr/bin/env bash
# Runs a benchmark that lives among e2e's test classes (its harness: testkit, the servers' jars) as a plain Java
# program: builds the servers' jars and e2e's test classes, writes e2e's test classpath to a file, and starts
# MAIN_CLASS with the remaining arguments. Used by bench/quality/run.sh and bench/join/run.sh.
# Usage: bench/e2e-main.sh MAIN_CLASS [args...]; MVN_ARGS (e.g. -o) is passed to Maven.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
main="$1"
shift

echo "building..." >&2
# shellcheck disable=SC2086
mvn -B -q ${MVN_ARGS:-} package dependency:build-classpath -pl e2e -am -DskipTests \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
version="$(basename "$(ls "$root"/app/target/medirelay-app-*.jar | grep -v original | head -1)" .jar)"
version="${version#medirelay-app-}"

exec java -Dmedirelay.root="$root" -Dmedirelay.version="$version" \
  -cp "$root/e2e/target/test-classes:$(cat "$root/e2e/target/test-classpath.txt")" \
  "$main" "$@"
