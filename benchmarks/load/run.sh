#!/usr/bin/env bash
# Load test: GeoDns and a reference server serve zones/example.com.zone on loopback; dnsperf runs
# against each in turn on the same queries; prints qps, latency, lost queries, the GeoDns/reference
# qps ratio and server CPU per query (utime+stime deltas from /proc). Stops by itself.
#   --mix static (default): the static query mix (queries.txt); reference NSD, if installed.
#   --mix geo: "www.example.com A" with varied EDNS Client Subnets (gen_geo_queries.py, sent
#     with dnsperf -B); GeoDns routes with CIDR rules; reference gdnsd (geoip plugin, nets map).
#
#   benchmarks/load/run.sh [--mix static|geo] [--duration S] [--rounds N] [--clients C] [--threads T]
#                          [--outstanding Q] [--port P] [--queries FILE] [--no-build] [--no-ref]
#
# Needs: the .NET SDK, dnsperf and dig (apt install dnsperf bind9-dnsutils), python3 for the geo
# mix; optional nsd / gdnsd. Defaults: 10 s per run, 2 rounds (order reversed in the second),
# GeoDns on 127.0.0.1:15353, the reference server on 127.0.0.1:15354.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"

DURATION=10
ROUNDS=2
CLIENTS=4
THREADS=1
OUTSTANDING=200
PORT=15353
QUERIES=""
BUILD=1
USE_REF=1
MIX=static

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2;;
    --rounds) ROUNDS="$2"; shift 2;;
    --clients) CLIENTS="$2"; shift 2;;
    --threads) THREADS="$2"; shift 2;;
    --outstanding) OUTSTANDING="$2"; shift 2;;
    --port) PORT="$2"; shift 2;;
    --queries) QUERIES="$2"; shift 2;;
    --mix) MIX="$2"; shift 2;;
    --no-build) BUILD=0; shift;;
    --no-ref|--no-nsd|--no-gdnsd) USE_REF=0; shift;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2;;
  esac
done

case "$MIX" in
  static) REF=nsd; DNSPERF_FORMAT=(); [ -n "$QUERIES" ] || QUERIES="$HERE/queries.txt";;
  geo) REF=gdnsd; DNSPERF_FORMAT=(-B);;
  *) echo "unknown mix $MIX (static or geo)" >&2; exit 2;;
esac
command -v dnsperf >/dev/null || { echo "dnsperf is not installed (apt install dnsperf)" >&2; exit 1; }
command -v dig >/dev/null || { echo "dig is not installed (apt install bind9-dnsutils)" >&2; exit 1; }
if [ "$USE_REF" = 1 ] && ! command -v "$REF" >/dev/null; then
  echo "$REF not installed: measuring GeoDns alone (apt install $REF for the comparison)"
  USE_REF=0
fi

RUN="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$RUN"
}
trap cleanup EXIT

CLK_TCK="$(getconf CLK_TCK)"
ZONE="$ROOT/zones/example.com.zone"
if [ "$MIX" = geo ] && [ -z "$QUERIES" ]; then
  QUERIES="$RUN/geo-ecs.bin"
  python3 "$HERE/gen_geo_queries.py" "$QUERIES" 10000
fi

# The geo mix routes by CIDR rules only (no GeoIP database), the same nets and failover orders
# as the gdnsd nets map below; the sample zone's www has one $REGION RRset per region.
GEO_SECTION=""
if [ "$MIX" = geo ]; then
  GEO_SECTION='"Geo": { "Regions": { "eu-west": {}, "us-east": {}, "ap-south": {} },
    "Networks": { "10.1.0.0/16": [ "eu-west", "us-east", "ap-south" ], "2001:db8:1::/48": [ "eu-west", "us-east", "ap-south" ],
                  "10.2.0.0/16": [ "us-east", "eu-west", "ap-south" ], "2001:db8:2::/48": [ "us-east", "eu-west", "ap-south" ],
                  "10.3.0.0/16": [ "ap-south", "us-east", "eu-west" ], "2001:db8:3::/48": [ "ap-south", "us-east", "eu-west" ] },
    "DefaultOrder": [ "us-east", "eu-west", "ap-south" ] },'
fi

# --- GeoDns ------------------------------------------------------------------------------------
BIN="$ROOT/src/GeoDns.Server/bin/Release/net10.0/geodns"
if [ "$BUILD" = 1 ] || [ ! -x "$BIN" ]; then
  dotnet build "$ROOT/src/GeoDns.Server" -c Release -v quiet -nologo >/dev/null
fi
mkdir -p "$RUN/geodns/zones"
cp "$ZONE" "$RUN/geodns/zones/"
cat > "$RUN/geodns/geodns.json" <<JSON
{ "Listen": [ "127.0.0.1:$PORT" ], "ZonesDirectory": "zones", $GEO_SECTION
  "Serilog": { "MinimumLevel": { "Default": "Warning" } } }
JSON
"$BIN" serve --config "$RUN/geodns/geodns.json" > "$RUN/geodns/log" 2>&1 &
PIDS+=($!)
declare -A PID_OF PORT_OF
PID_OF[geodns]=$!
PORT_OF[geodns]=$PORT
SERVERS=(geodns)

# --- NSD (same zone without the $REGION blocks, which NSD does not know) --------------------
if [ "$USE_REF" = 1 ] && [ "$REF" = nsd ]; then
  NSD_PORT=$((PORT + 1))
  mkdir -p "$RUN/nsd"
  awk '/^\$REGION[ \t]*[^ \t;]/ { skip = 1; next } /^\$REGION/ { skip = 0; next } !skip' "$ZONE" > "$RUN/nsd/example.com.zone"
  cat > "$RUN/nsd/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1@$NSD_PORT
    server-count: $(nproc)
    reuseport: yes
    username: ""
    chroot: ""
    database: ""
    zonesdir: "$RUN/nsd"
    zonelistfile: "$RUN/nsd/zone.list"
    xfrdfile: "$RUN/nsd/xfrd.state"
    xfrdir: "$RUN/nsd"
    pidfile: "$RUN/nsd/nsd.pid"
    logfile: "$RUN/nsd/log"
    verbosity: 1
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
    receive-buffer-size: 4194304
    send-buffer-size: 4194304
remote-control:
    control-enable: no
zone:
    name: example.com
    zonefile: "$RUN/nsd/example.com.zone"
CONF
  nsd -d -c "$RUN/nsd/nsd.conf" > "$RUN/nsd/stdout" 2>&1 &
  PIDS+=($!)
  PID_OF[nsd]=$!
  PORT_OF[nsd]=$NSD_PORT
  SERVERS+=(nsd)
fi

# --- gdnsd (geo mix): geoip plugin with a nets map, no database; www is its DYNA resource -------
if [ "$USE_REF" = 1 ] && [ "$REF" = gdnsd ]; then
  GDNSD_PORT=$((PORT + 1))
  mkdir -p "$RUN/gdnsd/conf/zones" "$RUN/gdnsd/state" "$RUN/gdnsd/run"
  # The zone without $REGION blocks; the region-less www line becomes the geo resource.
  awk '/^\$REGION[ \t]*[^ \t;]/ { skip = 1; next } /^\$REGION/ { skip = 0; next } !skip' "$ZONE" \
    | sed -e 's/^www[ \t].*$/www 60 DYNA geoip!www/' > "$RUN/gdnsd/conf/zones/example.com"
  cat > "$RUN/gdnsd/conf/config" <<CONF
options => {
  listen => [ 127.0.0.1:$GDNSD_PORT ]
  udp_threads => $(nproc)
  tcp_threads => 1
  run_dir => $RUN/gdnsd/run
  state_dir => $RUN/gdnsd/state
  edns_client_subnet => true
}
plugins => {
  geoip => {
    maps => {
      regions => {
        datacenters => [ us-east, eu-west, ap-south ]
        nets => {
          10.1.0.0/16 => [ eu-west, us-east, ap-south ]
          2001:db8:1::/48 => [ eu-west, us-east, ap-south ]
          10.2.0.0/16 => [ us-east, eu-west, ap-south ]
          2001:db8:2::/48 => [ us-east, eu-west, ap-south ]
          10.3.0.0/16 => [ ap-south, us-east, eu-west ]
          2001:db8:3::/48 => [ ap-south, us-east, eu-west ]
        }
      }
    }
    resources => {
      www => {
        map => regions
        service_types => up
        dcmap => { eu-west => 192.0.2.1, us-east => 192.0.2.2, ap-south => 192.0.2.3 }
      }
    }
  }
}
CONF
  gdnsd -c "$RUN/gdnsd/conf" start > "$RUN/gdnsd/log" 2>&1 &
  PIDS+=($!)
  PID_OF[gdnsd]=$!
  PORT_OF[gdnsd]=$GDNSD_PORT
  SERVERS+=(gdnsd)
fi

# Wait (at most 20 s) until each server answers the SOA.
for s in "${SERVERS[@]}"; do
  ok=0
  for _ in $(seq 1 100); do
    if dig +short +tries=1 +time=1 @127.0.0.1 -p "${PORT_OF[$s]}" example.com SOA 2>/dev/null | grep -q .; then ok=1; break; fi
    sleep 0.2
  done
  if [ "$ok" != 1 ]; then
    echo "$s does not answer on port ${PORT_OF[$s]}; its log:" >&2
    cat "$RUN/$s/log" "$RUN/$s/stdout" 2>/dev/null | tail -20 >&2
    exit 1
  fi
done

if [ "$MIX" = geo ]; then
  # Every server gives the same answer to one client per region (ECS) before anything is measured.
  want="192.0.2.1 192.0.2.2 192.0.2.3 192.0.2.1 192.0.2.2"
  for s in "${SERVERS[@]}"; do
    got=""
    for subnet in 10.1.7.0/24 10.2.7.0/24 10.3.7.0/24 2001:db8:1::/56 10.99.0.0/24; do
      got="$got $(dig +short +tries=1 +time=2 @127.0.0.1 -p "${PORT_OF[$s]}" www.example.com A +subnet=$subnet | tr -d '\n')"
    done
    got="${got# }"
    echo "$s geo answers (eu us ap eu-v6 no-rule): $got"
    [ "$got" = "$want" ] || { echo "$s: unexpected geo answers (want $want)" >&2; exit 1; }
  done
fi

# CPU ticks (utime + stime) of a process and all its descendants (NSD's first process becomes
# xfrd; the main process and the servers are its child and grandchildren).
descendants() {
  local child
  for child in $(pgrep -P "$1" || true); do echo "$child"; descendants "$child"; done
}
cpu_ticks() {
  local total=0 pid t
  for pid in "$1" $(descendants "$1"); do
    [ -r "/proc/$pid/stat" ] || continue
    t=$(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
    total=$((total + t))
  done
  echo "$total"
}

declare -A SUM_QPS SUM_CPU SUM_LAT SUM_LOST RUNS
bench() {
  local s=$1 out before after completed qps lat lost
  before=$(cpu_ticks "${PID_OF[$s]}")
  out=$(dnsperf -s 127.0.0.1 -p "${PORT_OF[$s]}" "${DNSPERF_FORMAT[@]}" -d "$QUERIES" -l "$DURATION" -c "$CLIENTS" -T "$THREADS" -q "$OUTSTANDING" 2>&1)
  after=$(cpu_ticks "${PID_OF[$s]}")
  completed=$(echo "$out" | awk '/Queries completed:/ { print $3 }')
  lost=$(echo "$out" | awk '/Queries lost:/ { print $3 }')
  qps=$(echo "$out" | awk '/Queries per second:/ { print $4 }')
  lat=$(echo "$out" | awk '/Average Latency/ { print $4 * 1000 }')
  local cpu_us
  cpu_us=$(awk -v d="$((after - before))" -v hz="$CLK_TCK" -v n="$completed" 'BEGIN { printf "%.2f", (n > 0 ? d / hz * 1e6 / n : 0) }')
  printf '%-8s round %d: %10.0f qps  %7.3f ms avg latency  %6s lost  %6s us CPU/query\n' "$s" "$2" "$qps" "$lat" "$lost" "$cpu_us"
  SUM_QPS[$s]=$(awk -v a="${SUM_QPS[$s]:-0}" -v b="$qps" 'BEGIN { print a + b }')
  SUM_CPU[$s]=$(awk -v a="${SUM_CPU[$s]:-0}" -v b="$cpu_us" 'BEGIN { print a + b }')
  SUM_LAT[$s]=$(awk -v a="${SUM_LAT[$s]:-0}" -v b="$lat" 'BEGIN { print a + b }')
  SUM_LOST[$s]=$(( ${SUM_LOST[$s]:-0} + lost ))
  RUNS[$s]=$(( ${RUNS[$s]:-0} + 1 ))
}

if [ "$MIX" = geo ]; then count="10000 geo (varied ECS)"; else count="$(wc -l < "$QUERIES")"; fi
echo "mix $MIX, dnsperf: $count distinct queries, -c $CLIENTS -T $THREADS -q $OUTSTANDING, ${DURATION}s per run, $ROUNDS rounds"
# Warm-up (JIT, caches), not counted.
for s in "${SERVERS[@]}"; do
  dnsperf -s 127.0.0.1 -p "${PORT_OF[$s]}" "${DNSPERF_FORMAT[@]}" -d "$QUERIES" -l 1 -c "$CLIENTS" -T "$THREADS" >/dev/null 2>&1 || true
done
for round in $(seq 1 "$ROUNDS"); do
  order=("${SERVERS[@]}")
  if [ $((round % 2)) = 0 ]; then
    order=(); for ((i=${#SERVERS[@]}-1; i>=0; i--)); do order+=("${SERVERS[$i]}"); done
  fi
  for s in "${order[@]}"; do bench "$s" "$round"; done
done

echo
printf '%-8s %10s %12s %8s %14s\n' server qps latency_ms lost cpu_us/query
for s in "${SERVERS[@]}"; do
  awk -v s="$s" -v q="${SUM_QPS[$s]}" -v l="${SUM_LAT[$s]}" -v c="${SUM_CPU[$s]}" -v n="${RUNS[$s]}" -v lost="${SUM_LOST[$s]}" \
    'BEGIN { printf "%-8s %10.0f %12.3f %8d %14.2f\n", s, q / n, l / n, lost, c / n }'
done
if [ "$USE_REF" = 1 ]; then
  awk -v r="$REF" -v m="$MIX" -v g="${SUM_QPS[geodns]}" -v n="${SUM_QPS[$REF]}" -v gc="${SUM_CPU[geodns]}" -v nc="${SUM_CPU[$REF]}" \
    'BEGIN { printf "GeoDns/%s (mix %s): qps ratio %.2f, CPU per query ratio %.2f\n", r, m, (n > 0 ? g / n : 0), (nc > 0 ? gc / nc : 0) }'
fi
