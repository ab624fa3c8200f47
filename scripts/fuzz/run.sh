#!/usr/bin/env bash
# `make fuzz`: builds EnsembleFuzz with libFuzzer and AddressSanitizer and runs every fuzz target (or those named)
# for FUZZ_SECONDS each (default 60), starting from the committed seeds. New inputs that reach new code collect in
# build/fuzz/corpus/TARGET/; a crash, a sanitizer report, a hang (> 30 s) or an input taking over 2 GB is saved as
# build/fuzz/crashes/TARGET/crash-* (or timeout-*, oom-*) and the run fails. docs/fuzzing.md says how a crasher
# becomes a regression test.
#     scripts/fuzz/run.sh [TARGET...]        FUZZ_SECONDS=600 scripts/fuzz/run.sh midi
#     FUZZ_SEED=N                            libFuzzer's seed (the short pass in `make test` fixes it)
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-60}
seeds=Tests/FuzzTargetsTests/Corpus
exe=.build/fuzz/release/EnsembleFuzz
mkdir -p build/fuzz

# SwiftPM passes --sanitize=fuzzer to some compile jobs only; -Xswiftc puts coverage instrumentation in every one.
echo "building EnsembleFuzz with -sanitize=fuzzer,address (.build/fuzz)"
if ! swift build -c release --scratch-path .build/fuzz --product EnsembleFuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING \
    >build/fuzz/build.log 2>&1; then
  grep -E "error" build/fuzz/build.log | head -20; echo "fuzz: build failed (build/fuzz/build.log)"; exit 1
fi
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(ls "$seeds"))

failed=()
printf '%-12s %10s %9s %8s %9s  %s\n' target runs "exec/s" cov corpus result
for t in "${targets[@]}"; do
  [ -d "$seeds/$t" ] || { echo "fuzz: no target '$t' (targets: $(ls "$seeds" | tr '\n' ' '))"; exit 2; }
  work=build/fuzz/corpus/$t crashes=build/fuzz/crashes/$t log=build/fuzz/$t.log
  mkdir -p "$work" "$crashes"
  marker=build/fuzz/$t.started; : >"$marker"   # only this run's findings count (older ones wait in crashes/)
  # Swift keeps caches for the process's life: leaks at exit are not bugs of a reader.
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 ENSEMBLE_FUZZ_TARGET=$t \
    "$exe" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
    -artifact_prefix="$crashes/" "$work" "$seeds/$t" >"$log" 2>&1
  status=$?
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  found=$(find "$crashes" -type f -newer "$marker" | wc -l)
  if [ $status -eq 0 ] && [ "$found" -eq 0 ]; then result=ok
  else result="FAILED: $(find "$crashes" -type f -newer "$marker" -printf '%f ' | head -c 300)(log $log)"; failed+=("$t"); fi
  printf '%-12s %10s %9s %8s %9s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "$(ls "$work" | wc -l)" "$result"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed. Reproduce: swift build --product EnsembleFuzz && .build/debug/EnsembleFuzz TARGET build/fuzz/crashes/TARGET/FILE"
  exit 1
fi
