#!/usr/bin/env bash
# Runs every @FuzzTest in fuzzing mode, one target at a time, and prints executions, time, corpus size and findings.
#
#   bench/fuzz.sh                 all targets
#   bench/fuzz.sh tokenizer ...   only these targets, by method name or Class#method
#                                 (e.g. MemcachedCodecFuzzTest#serverPipeline)
#
# Each run stops after FuzzRuns.EXECUTIONS executions or FuzzRuns.MAX_DURATION (testkit), whichever comes first.
# The corpus a run grows is kept in <module>/.cifuzz-corpus/<class>/<method>/ (not committed) and is reused by the next
# run; an input that breaks a property is written by Jazzer as crash-<sha1> into the target's seed directory
# (src/test/resources/<package>/<Class>Inputs/<method>/), where the regression mode of the build then runs it.
# Logs: <module>/target/fuzz-<method>.log. Builds offline (-o); run `mvn -B test-compile` once online first if the
# Jazzer artifacts are not in the local repository yet.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(
  "protocol-codec dev.parley.codec.framing.FrameDecoderFuzzTest framing"
  "protocol-codec dev.parley.codec.text.ParleyTextFuzzTest serverPipeline"
  "protocol-codec dev.parley.codec.text.ParleyTextFuzzTest clientPipeline"
  "protocol-codec dev.parley.codec.text.ParleyTextFuzzTest tokenizer"
  "protocol-codec dev.parley.codec.text.ParleyTextFuzzTest roundTrip"
  "protocols/memcached dev.parley.memcached.codec.MemcachedCodecFuzzTest serverPipeline"
  "protocols/memcached dev.parley.memcached.codec.MemcachedCodecFuzzTest clientPipeline"
  "protocols/agent dev.parley.agent.fs.SandboxFuzzTest resolve"
)

mvn -B -o -q test-compile -pl protocol-codec,protocols/memcached,protocols/agent -am >/dev/null

printf '%-16s %-40s %10s %8s %8s  %s\n' module target executions seconds corpus finding
for t in "${TARGETS[@]}"; do
  read -r module class method <<<"$t"
  if [[ $# -gt 0 && ! " $* " =~ " $method " && ! " $* " =~ " ${class##*.}#$method " ]]; then
    continue
  fi
  log="$module/target/fuzz-$method.log"
  seeds="$module/src/test/resources/$(dirname "${class//.//}")/${class##*.}Inputs/$method"
  before=$(ls "$seeds" 2>/dev/null | grep -c '^crash-' || true)
  start=$(date +%s)
  JAZZER_FUZZ=1 mvn -B -o test -pl "$module" -am -Dtest="$class#$method" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 || true
  seconds=$(( $(date +%s) - start ))
  runs=$(grep -ao 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $2 "/" $5}')
  if [[ -z "$runs" ]]; then
    runs="$(grep -ao '^#[0-9]*' "$log" | tail -1 | tr -d '#')/-"
  fi
  corpus=$(ls "$module/.cifuzz-corpus/$class/$method" 2>/dev/null | wc -l)
  after=$(ls "$seeds" 2>/dev/null | grep -c '^crash-' || true)
  finding="none"
  if [[ "$after" -gt "$before" ]] || grep -q 'FuzzTestFindingException' "$log"; then
    finding=$(grep -a -m1 -A1 'FuzzTestFindingException' "$log" | tail -1 | cut -c1-100)
  fi
  printf '%-16s %-40s %10s %8s %8s  %s\n' "$module" "${class##*.}#$method" "${runs%/*}" \
      "${runs#*/}s/${seconds}s" "$corpus" "$finding"
done
