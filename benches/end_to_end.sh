#!/usr/bin/env bash
# End-to-end benchmark: generate archive-like corpora with the synth example,
# then time a cold build, a no-op rebuild and a rebuild after one changed
# document, printing documents/s, MB/s and peak RSS.
#
#   benches/end_to_end.sh                 # 10,000 and 100,000 documents
#   benches/end_to_end.sh 2000            # any sizes
#   BENCH_DIR=/data/bench THREADS=2 benches/end_to_end.sh
#
# Corpora are generated once per size and seed under $BENCH_DIR (default
# target/bench) and reused by later runs. Figures are medians of $RUNS runs
# (default 3; cold builds delete the output folder first).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
runs="${RUNS:-3}"
seed="${SEED:-42}"
dir="${BENCH_DIR:-target/bench}"
mkdir -p "$dir"
[ -n "${THREADS:-}" ] && export RAYON_NUM_THREADS="$THREADS"

cargo build --release --quiet --bin chancery --example synth
bin=target/release/chancery
synth=target/release/examples/synth

# Runs a command and prints "seconds peak_rss_bytes" (the child's maximum RSS).
measure() {
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
dt = time.perf_counter() - t
if r.returncode not in (0, 2):
    sys.stderr.write(r.stderr.decode(errors="replace"))
    sys.exit(r.returncode)
print(f"{dt:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}")
PY
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-9s %9s %9s %10s %8s %9s %8s %10s\n' documents MB cold_s docs/s MB/s rss_MB noop_s one_change_s
for n in "${sizes[@]}"; do
  corpus="$dir/corpus-$n-$seed"
  if [ ! -f "$corpus/.complete" ]; then
    rm -rf "$corpus"
    "$synth" --docs "$n" --seed "$seed" --out "$corpus" >/dev/null
    touch "$corpus/.complete"
    # Stamps younger than two seconds are not trusted by the rebuild cache.
    sleep 2
  fi
  bytes=$(du -sb --exclude=.complete "$corpus" | cut -f1)
  out="$dir/out-$n"
  cold=(); rss=(); noop=(); change=()
  for _ in $(seq "$runs"); do
    rm -rf "$out"
    # Each cold build starts with the page cache clean: otherwise the
    # previous run's ~1.7 GB of written tables and cache is flushed to disk
    # during this one, and counted against it.
    sync
    read -r s m < <(measure "$bin" build --input "$corpus" --output "$out" --allow-failures)
    cold+=("$s"); rss+=("$m")
    sleep 2
    read -r s _ < <(measure "$bin" build --input "$corpus" --output "$out")
    noop+=("$s")
    # Change one document, rebuild, and put it back as it was.
    victim=$(find "$corpus" -name '*.txt' | sort | sed -n 1p)
    cp -p "$victim" "$victim.orig"
    printf '\n12 March 1958. Visited the Minister of Foreign Affairs.\n' >>"$victim"
    read -r s _ < <(measure "$bin" build --input "$corpus" --output "$out" --allow-failures)
    change+=("$s")
    mv "$victim.orig" "$victim"
  done
  c=$(printf '%s\n' "${cold[@]}" | median)
  r=$(printf '%s\n' "${rss[@]}" | median)
  o=$(printf '%s\n' "${noop[@]}" | median)
  g=$(printf '%s\n' "${change[@]}" | median)
  awk -v n="$n" -v b="$bytes" -v c="$c" -v r="$r" -v o="$o" -v g="$g" 'BEGIN {
    printf "%-9d %9.1f %9.2f %10.0f %8.1f %9.0f %8.2f %10.2f\n", n, b/1e6, c, n/c, b/1e6/c, r/1048576, o, g }'
done
