#!/usr/bin/env bash
# Runs each Jazzer fuzz test (@FuzzTest) of the repository in fuzzing mode, one after the other, and
# prints a table: harness, executions, findings.
#
#   bench/fuzz/run.sh                 every harness, 60 s each
#   bench/fuzz/run.sh 300             every harness, 300 s each
#   bench/fuzz/run.sh 1800 --runs 10000000
#                                     every harness until 10 million inputs or 30 minutes, whichever comes first
#   bench/fuzz/run.sh 60 StunFuzzTest.decodesAMessageOrSaysWhyNot SdpAnswerFuzzTest
#                                     only those (Class.method, or Class for all its methods)
#   bench/fuzz/run.sh --list          the harnesses found
#
# Harnesses are found, not listed: every method annotated @FuzzTest under */src/test/java. Jazzer's
# JUnit integration fuzzes when JAZZER_FUZZ=1, and then only one fuzz test per JVM, so each runs in
# its own Maven invocation (-Dtest=Class#method). JAZZER_MAX_DURATION overrides the tests' own
# @FuzzTest(maxDuration), JAZZER_MAX_EXECUTIONS (--runs) caps the inputs; JAZZER_INSTRUMENT limits
# coverage instrumentation to our own classes and the libraries that parse for them (jjwt, Jackson); -Djazzer.hooks=true turns on the
# instrumentation that the parent pom turns off for plain builds. A finding stops that harness:
# Jazzer writes the input to MODULE/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>, where every
# build replays it. What libFuzzer learns (its corpus) stays in MODULE/.cifuzz-corpus/, ignored by
# git, and makes the next run start from there. One harness at a time: the machine has 2 cores.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

harnesses() {
  # module<TAB>fully.qualified.Class<TAB>method, for every @FuzzTest method.
  grep -rl --include='*.java' '@FuzzTest' -- */src/test/java | sort | while read -r file; do
    module=${file%%/src/test/java/*}
    class=${file#*/src/test/java/}
    class=${class%.java}
    class=${class//\//.}
    awk '/@FuzzTest/ { want = 1; next } want && /void [A-Za-z0-9_]+\(/ {
           match($0, /void [A-Za-z0-9_]+\(/); print substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' \
      "$file" | while read -r method; do
      printf '%s\t%s\t%s\n' "$module" "$class" "$method"
    done
  done
}

if [[ ${1:-} == --list ]]; then
  harnesses | awk -F'\t' '{ n = split($2, c, "."); printf "%-12s %s.%s\n", $1, c[n], $3 }'
  exit 0
fi

seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [seconds|--list] [Class[.method]...]" >&2; exit 2; }
shift || true
limits=() # JAZZER_MAX_EXECUTIONS when --runs is given
if [[ ${1:-} == --runs ]]; then
  [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 seconds --runs N [Class[.method]...]" >&2; exit 2; }
  limits=("JAZZER_MAX_EXECUTIONS=$2")
  shift 2
fi
wanted=("$@")

selected() {
  local simple=$1 method=$2
  ((${#wanted[@]} == 0)) && return 0
  for w in "${wanted[@]}"; do
    [[ $w == "$simple" || $w == "$simple.$method" ]] && return 0
  done
  return 1
}

# Counts the findings kept for one harness: crash, timeout and out-of-memory inputs.
findings() {
  local dir=$1
  [[ -d $dir ]] || { echo 0; return; }
  find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) 2>/dev/null |
    wc -l
}

instrument='org.medirelay.**,io.jsonwebtoken.**,com.fasterxml.jackson.**'
logs=$(mktemp -d)
rows=()
failed=0
while IFS=$'\t' read -r module class method; do
  simple=${class##*.}
  selected "$simple" "$method" || continue
  inputs="$module/src/test/resources/${class%.*}"
  inputs="${inputs//.//}/${simple}Inputs/$method"
  before=$(findings "$inputs")
  log="$logs/$simple.$method.log"
  echo "fuzzing $simple.$method for ${seconds}s ($module) ..." >&2
  status=passed
  started=$SECONDS
  if ! env "${limits[@]}" JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" JAZZER_INSTRUMENT="$instrument" \
    mvn -B -o -q test -pl "$module" -am -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.hooks=true -Dspotless.check.skip=true -Dcheckstyle.skip=true </dev/null >"$log" 2>&1; then
    status=failed
    failed=1
  fi
  output="$module/target/surefire-reports/$class-output.txt"
  [[ -f $output ]] && cat "$output" >>"$log"
  # libFuzzer ends with "Done N runs in S second(s)"; after a finding, the last "#N" status line counts.
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | tail -1 | grep -oE '[0-9]+' || true)
  [[ -n $runs ]] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#' || true)
  after=$(findings "$inputs")
  rows+=("$(printf '%-62s %12s %8ss %9s  %s' "$simple.$method" "${runs:-?}" "$((SECONDS - started))" "$((after - before))" "$status")")
done < <(harnesses)

printf '\n%-62s %12s %9s %9s  %s\n' harness executions time findings result
printf '%s\n' "${rows[@]}"
echo "logs: $logs" >&2
exit $failed
