#!/usr/bin/env bash
# Compares loading one large zone with GeoDns's ZoneLoader, Knot's kzonecheck and NSD's
# nsd-checkzone on this machine: every tool runs RUNS times, alternating, under /usr/bin/time -v;
# prints the median wall time, peak RSS and CPU time per tool and GeoDns's ratios to the others.
#
# Usage: benchmarks/zone-load/compare.sh [RECORDS] [RUNS]      (defaults: 1000000 3)
# Env:   ZONE_LOAD_DIR  where the generated zone and the raw timings go (default: a temp dir
#                       under ${TMPDIR:-/tmp}, reused across runs so the zone is generated once)
#        RUN_TIMEOUT    seconds before one run is killed (default 300); generating the zone and
#                       building the harness are bounded to 600 s each, so the script always ends
#
# GeoDns runs in three runtime configurations per round (the loader code is the same):
#   geodns         the runtime's defaults (tiered JIT, concurrent GC), as a long-running server
#   geodns-tc0     DOTNET_TieredCompilation=0: every method JIT-compiled optimized up front, as a
#                  one-shot tool such as `geodns check` should run (<TieredCompilation>false)
#   geodns-batch   also DOTNET_gcConcurrent=0 (<ConcurrentGarbageCollection>false): fewer,
#                  larger gen0 collections; faster, but a higher peak RSS
# Tools that are not installed are skipped.
set -euo pipefail

records=${1:-1000000}
runs=${2:-3}
run_timeout=${RUN_TIMEOUT:-300}
origin=bench.example.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${ZONE_LOAD_DIR:-${TMPDIR:-/tmp}/geodns-zone-load}
mkdir -p "$work"
zone="$work/bench-$records.zone"

if [[ ! -x /usr/bin/time ]]; then
    echo "compare.sh: /usr/bin/time is missing (Debian/Ubuntu: apt-get install time)" >&2
    exit 1
fi

if [[ ! -s "$zone" ]]; then
    echo "generating $records records into $zone" >&2
    timeout 600 python3 "$here/gen_zone.py" "$records" --origin "$origin" --out "$zone.tmp"
    mv "$zone.tmp" "$zone"
fi

echo "building the load harness (Release)" >&2
timeout 600 dotnet build "$root/benchmarks/GeoDns.Benchmarks/GeoDns.Benchmarks.csproj" -c Release -nologo -v quiet >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; exit 1; }
harness="$root/benchmarks/GeoDns.Benchmarks/bin/Release/net10.0/GeoDns.Benchmarks.dll"

ours=(geodns geodns-tc0 geodns-batch)
tools=("${ours[@]}")
command -v kzonecheck >/dev/null && tools+=(kzonecheck)
command -v nsd-checkzone >/dev/null && tools+=(nsd-checkzone)

run_tool() {
    case "$1" in
        geodns) dotnet "$harness" --load "$zone" ;;
        geodns-tc0) DOTNET_TieredCompilation=0 dotnet "$harness" --load "$zone" ;;
        geodns-batch) DOTNET_TieredCompilation=0 DOTNET_gcConcurrent=0 dotnet "$harness" --load "$zone" ;;
        kzonecheck) kzonecheck -o "$origin" "$zone" ;;
        nsd-checkzone) nsd-checkzone "$origin" "$zone" ;;
    esac
}

# "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.52" -> seconds
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$1"
}
cpu_seconds() {
    awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { print s }' "$1"
}
peak_kb() {
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"
}

results="$work/results.tsv"
: >"$results"
for ((round = 1; round <= runs; round++)); do
    for tool in "${tools[@]}"; do
        out="$work/$tool.$round"
        if ! ( export -f run_tool; export harness zone origin
               timeout "$run_timeout" /usr/bin/time -v -o "$out.time" bash -c "run_tool $tool" >"$out.log" 2>&1 ); then
            echo "run $round of $tool failed (see $out.log)" >&2
            continue
        fi
        printf '%s\t%s\t%s\t%s\n' "$tool" "$(wall_seconds "$out.time")" "$(peak_kb "$out.time")" "$(cpu_seconds "$out.time")" >>"$results"
        printf 'round %d %-14s %6.2f s wall %6.2f s cpu %8d kB\n' "$round" "$tool" "$(wall_seconds "$out.time")" "$(cpu_seconds "$out.time")" "$(peak_kb "$out.time")" >&2
    done
done

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo
echo "zone: $records records ($(du -h "$zone" | cut -f1)), $runs runs per tool, medians"
printf '%-14s %10s %14s %16s\n' tool "wall (s)" "peak RSS (MiB)" "user+sys CPU (s)"
declare -A wall rss cpu
for tool in "${tools[@]}"; do
    wall[$tool]=$(awk -v t="$tool" '$1 == t { print $2 }' "$results" | median)
    rss[$tool]=$(awk -v t="$tool" '$1 == t { print $3 / 1024 }' "$results" | median)
    cpu[$tool]=$(awk -v t="$tool" '$1 == t { print $4 }' "$results" | median)
    printf '%-14s %10.2f %14.0f %16.2f\n' "$tool" "${wall[$tool]}" "${rss[$tool]}" "${cpu[$tool]}"
done

echo
printf '%-14s %-14s %10s %10s\n' geodns versus "time x" "memory x"
for mine in "${ours[@]}"; do
    for other in kzonecheck nsd-checkzone; do
        [[ -n "${wall[$other]:-}" && "${wall[$other]}" != nan && "${wall[$mine]}" != nan ]] || continue
        printf '%-14s %-14s %10.2f %10.2f\n' "$mine" "$other" \
            "$(awk -v a="${wall[$mine]}" -v b="${wall[$other]}" 'BEGIN { print a / b }')" \
            "$(awk -v a="${rss[$mine]}" -v b="${rss[$other]}" 'BEGIN { print a / b }')"
    done
done
