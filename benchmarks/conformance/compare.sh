#!/usr/bin/env bash
# Differential conformance check: GeoDns against Knot DNS and NSD on the same zones.
#
# Starts GeoDns, knotd and nsd on 127.0.0.1 (ports BASE+1..BASE+3), all serving the zones in
# zones/ (plain RFC 1035: example.com, its served child child.example.com, example.net), sends
# every query of queries.txt to each with dig, normalizes the responses (rcode, aa/tc/ra/ad/cd
# flags, section counts, sorted records per section, EDNS version/DO/NSID; the ID, timing and
# record order within a section are ignored; the EDNS UDP size is reported separately) and
# prints a table of the differences. Exits 0 whatever differs: it is a tool, not a test.
#
# Usage: benchmarks/conformance/compare.sh [options]
#   --geodns PATH      published geodns executable (default: dotnet run -c Release)
#   --base-port P      servers listen on P+1 (geodns), P+2 (knot), P+3 (nsd) (default 15400)
#   --queries FILE     query list (default queries.txt beside this script)
#   --only REGEX       run only the queries whose label matches REGEX
#   --show             also print every normalized response, not just the differences
#   --servers "a b c"  which of geodns knot nsd to run (default all three)
#   --keep DIR         copy the raw dig/kdig outputs to DIR (N.label, N.args, N.<server>)
#   --max-seconds S    stop sending queries after S seconds in all (default 600); servers get
#                      180 s (GeoDns via dotnet run may build first) / 30 s to answer their SOAs
#
# queries.txt: one query per line, "label | dig arguments" (name, type, dig flags such as
# +norec +noedns +bufsize=N +tcp +dnssec +nsid -c CH). Every query also gets +nocookie
# +time=2 +tries=1 +ignore (no TCP retry after TC). A type AXFR/IXFR is sent with kdig.
# "raw-udp HEX" / "raw-tcp HEX" sends a hand-made message (malformed queries) with rawquery.py.
# Needs: dig, kdig, python3, knotd, nsd, and dotnet (or --geodns). Run as root (knotd and nsd
# are started in the foreground in a private temporary directory and stopped on exit).
set -u
set -o pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PATH="$PATH:/usr/sbin:/sbin"

GEODNS=""
BASE_PORT=15400
QUERIES="$HERE/queries.txt"
ONLY=""
SHOW=0
SERVERS="geodns knot nsd"
KEEP=""
MAX_SECONDS=600

die() { echo "compare.sh: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --geodns) GEODNS="$2"; shift 2;;
    --base-port) BASE_PORT="$2"; shift 2;;
    --queries) QUERIES="$2"; shift 2;;
    --only) ONLY="$2"; shift 2;;
    --show) SHOW=1; shift;;
    --servers) SERVERS="$2"; shift 2;;
    --keep) KEEP="$2"; shift 2;;
    --max-seconds) MAX_SECONDS="$2"; shift 2;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed 's/^# \{0,1\}//;/^set -u/d'; exit 0;;
    *) die "unknown option $1 (see --help)";;
  esac
done

for tool in dig kdig python3; do command -v "$tool" >/dev/null || die "$tool not found"; done
[ -f "$QUERIES" ] || die "no query list $QUERIES"

RUN="$(mktemp -d -t geodns-conformance.XXXXXX)"
declare -A PID PORT
cleanup() {
  local n p i
  for n in "${!PID[@]}"; do
    p="${PID[$n]}"
    [ -n "$p" ] || continue
    if kill -0 "$p" 2>/dev/null; then
      kill -TERM "$p" 2>/dev/null
      for i in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
    fi
    wait "$p" 2>/dev/null
  done
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# A private copy of the zones: Knot and NSD write nothing there, but keep the source clean anyway.
ZONES="$RUN/zones"
mkdir -p "$ZONES"
cp "$HERE"/zones/*.zone "$ZONES/"

subst() { # template output port dir
  sed -e "s|@PORT@|$3|g; s|@RUN@|$4|g; s|@ZONES@|$ZONES|g" "$1" > "$2"
}

start_server() { # name port
  local n="$1" p="$2" d="$RUN/$1"
  mkdir -p "$d"
  case "$n" in
    geodns)
      subst "$HERE/geodns.json.in" "$d/geodns.json" "$p" "$d"
      if [ -n "$GEODNS" ]; then
        "$GEODNS" serve --config "$d/geodns.json" > "$d/log" 2>&1 &
      else
        (cd "$REPO" && exec dotnet run -c Release --project src/GeoDns.Server -- serve --config "$d/geodns.json") > "$d/log" 2>&1 &
      fi
      ;;
    knot)
      subst "$HERE/knot.conf.in" "$d/knot.conf" "$p" "$d"
      mkdir -p "$d/knot-db"
      knotd -c "$d/knot.conf" > "$d/log" 2>&1 &
      ;;
    nsd)
      subst "$HERE/nsd.conf.in" "$d/nsd.conf" "$p" "$d"
      nsd -d -c "$d/nsd.conf" > "$d/log" 2>&1 &
      ;;
    *) die "unknown server $n";;
  esac
  PID[$n]=$!
  PORT[$n]=$p
}

wait_ready() { # name: every zone answers its SOA (dotnet run may have to build first)
  local n="$1" z ok limit=30
  [ "$n" = geodns ] && limit=180
  local until=$((SECONDS + limit))
  while [ "$SECONDS" -lt "$until" ]; do
    kill -0 "${PID[$n]}" 2>/dev/null || return 1
    ok=1
    for z in example.com child.example.com example.net; do
      timeout 3 dig @127.0.0.1 -p "${PORT[$n]}" "$z" SOA +time=1 +tries=1 +norec +short 2>/dev/null | grep -q hostmaster || { ok=0; break; }
    done
    [ "$ok" = 1 ] && return 0
    sleep 0.2
  done
  return 1
}

ACTIVE=()
i=0
for n in geodns knot nsd; do
  i=$((i + 1))
  [[ " $SERVERS " == *" $n "* ]] || continue
  p=$((BASE_PORT + i))
  ss -Hlun "sport = :$p" 2>/dev/null | grep -q . && die "port $p is busy (use --base-port)"
  start_server "$n" "$p"
  if wait_ready "$n"; then
    ACTIVE+=("$n"); log "$n up on 127.0.0.1:$p (pid ${PID[$n]})"
  else
    log "FAILED to start $n: $(tail -5 "$RUN/$n/log" | tr '\n' ' ')"
  fi
done
[ ${#ACTIVE[@]} -ge 2 ] || die "fewer than two servers running; nothing to compare"

# ---------------------------------------------------------------- queries
OUT="$RUN/out"
mkdir -p "$OUT"
nq=0
while IFS= read -r line; do
  case "$line" in ''|'#'*) continue;; esac
  label="$(echo "${line%%|*}" | sed 's/[[:space:]]*$//')"
  args="$(echo "${line#*|}" | sed 's/^[[:space:]]*//')"
  if [ -n "$ONLY" ] && ! [[ "$label" =~ $ONLY ]]; then continue; fi
  if [ "$SECONDS" -ge "$MAX_SECONDS" ]; then log "time limit of $MAX_SECONDS s reached; the remaining queries are skipped"; break; fi
  nq=$((nq + 1))
  printf '%s\n' "$label" > "$OUT/$nq.label"
  printf '%s\n' "$args" > "$OUT/$nq.args"
  for n in "${ACTIVE[@]}"; do
    if ! kill -0 "${PID[$n]}" 2>/dev/null; then
      echo ";; server process exited" > "$OUT/$nq.$n"
      continue
    fi
    # shellcheck disable=SC2086
    if [[ "$args" == raw-udp\ * || "$args" == raw-tcp\ * ]]; then
      # shellcheck disable=SC2086
      timeout 10 python3 "$HERE/rawquery.py" 127.0.0.1 "${PORT[$n]}" ${args#raw-} > "$OUT/$nq.$n" 2>&1
    elif [[ " ${args^^} " == *" AXFR "* || " ${args^^} " == *" IXFR"* ]]; then
      timeout 10 kdig @127.0.0.1 -p "${PORT[$n]}" +time=2 +retry=0 $args > "$OUT/$nq.$n" 2>&1
    else
      timeout 10 dig @127.0.0.1 -p "${PORT[$n]}" +nocookie +time=2 +tries=1 +ignore +nocmd +nostats $args > "$OUT/$nq.$n" 2>&1
    fi
  done
done < "$QUERIES"
log "$nq queries sent to ${ACTIVE[*]}"

[ -n "$KEEP" ] && mkdir -p "$KEEP" && cp "$OUT"/* "$KEEP"/
python3 "$HERE/normalize.py" "$OUT" "$nq" "$SHOW" "${ACTIVE[@]}"
exit 0
