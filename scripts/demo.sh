#!/usr/bin/env bash
# A bad night in compressed time: runs the sample inference service under the predlog agent through
# seven phases of traffic that plant five incidents, restarts it when it dies, stops it cleanly, and
# summarizes what the agent recorded (then runs ./predlog report and dashboard, when the CLI is there).
#
#   scripts/demo.sh [--seconds N] [--seed S] [--incidents LIST] [--dir DIR] [--no-agent] [--no-report]
#
#   --seconds N   length of the night's traffic, seven phases of N/7 s each, in whole seconds (default 42;
#                 at least 14); each act's first phase runs on to a multiple of the phase length in UTC
#   --seed S      traffic seed (default 42)
#   --incidents L the incidents planted: all (default), none (a clean night), or a comma list of
#                 latency,version,drift,crash,wedge; a phase whose incident is left out carries calm traffic,
#                 and without crash one process serves the whole night
#   --dir DIR     where the agent writes its logs (default ./predlog-logs/demo-<timestamp>); the service's
#                 stdout/stderr go there too: service-1.out/.err, and service-2.out/.err after the restart
#   --no-agent    run the same service and traffic without -javaagent (nothing is recorded)
#   --no-report   leave out ./predlog report and dashboard at the end
#
# Needs only JDK 17+ and Maven; builds the jars first if they are missing. Runs from any directory.
# The incidents: 1 long embed-sim lists (p99 latency), 2 churn v4 fails on inputs without a plan,
# 3 monthly_charges drifts, 4 a hostile input exhausts the heap and the process dies, 5 the prediction
# workers wedge. README.md, "The demo", tells the story; BadNight.java in sample-app has the plan.
set -euo pipefail

cd "$(dirname "$0")/.."

AGENT_JAR=agent/target/predlog-agent.jar
APP_JAR=sample-app/target/predlog-sample-app.jar
CONFIG=agent.properties.example
NIGHT_SECONDS=42
SEED=42
USE_AGENT=1
INCIDENTS=all
REPORT=1
LOG_DIR="./predlog-logs/demo-$(date +%Y%m%d-%H%M%S)"
# A small heap, and the JVM exits on the first OutOfMemoryError, as many containers are set up: the
# hostile input's allocation then kills the process without a clean shutdown.
APP_JVM_FLAGS=(-Xmx128m -XX:+ExitOnOutOfMemoryError)

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) NIGHT_SECONDS="${2:?--seconds needs a value}"; shift 2 ;;
    --seed) SEED="${2:?--seed needs a value}"; shift 2 ;;
    --incidents) INCIDENTS="${2:?--incidents needs a value}"; shift 2 ;;
    --dir) LOG_DIR="${2:?--dir needs a value}"; shift 2 ;;
    --no-agent) USE_AGENT=0; shift ;;
    --no-report) REPORT=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "demo: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

say() { printf '\n== %s\n' "$*"; }

command -v java >/dev/null || { echo "demo: java not found on PATH (JDK 17+ needed)" >&2; exit 1; }
[[ "$NIGHT_SECONDS" =~ ^[0-9]+$ && "$NIGHT_SECONDS" -ge 14 && "$NIGHT_SECONDS" -le 3600 ]] \
  || { echo "demo: --seconds must be a whole number from 14 to 3600, got '$NIGHT_SECONDS'" >&2; exit 2; }
[[ "$SEED" =~ ^-?[0-9]+$ ]] || { echo "demo: --seed must be an integer, got '$SEED'" >&2; exit 2; }
INCIDENT_NAME='(latency|version|drift|crash|wedge)'
[[ "$INCIDENTS" =~ ^(all|none|$INCIDENT_NAME(,$INCIDENT_NAME)*)$ ]] \
  || { echo "demo: --incidents must be all, none, or a comma list of latency,version,drift,crash,wedge; got '$INCIDENTS'" >&2; exit 2; }
CRASH=0
[[ "$INCIDENTS" == all || ",$INCIDENTS," == *,crash,* ]] && CRASH=1
case "$LOG_DIR" in
  *,*) echo "demo: --dir must not contain a comma (agent arguments are comma-separated)" >&2; exit 2 ;;
esac

# --- build what is missing (or a sample app jar from before the night driver) -------------------------
needs_build() {
  [[ ! -f "$APP_JAR" ]] && return 0
  [[ "$USE_AGENT" == 1 && ! -f "$AGENT_JAR" ]] && return 0
  if command -v jar >/dev/null; then
    jar tf "$APP_JAR" | grep -q '^io/predlog/sample/NightDriver.class$' || return 0
  fi
  return 1
}
if needs_build; then
  command -v mvn >/dev/null || { echo "demo: mvn not found on PATH, and the jars need building" >&2; exit 1; }
  if [[ "$USE_AGENT" == 1 ]]; then
    say "building the agent and the sample app (mvn -B -q -DskipTests package)"
    mvn -B -q -DskipTests package
  else
    say "building the sample app (mvn -B -q -DskipTests -pl sample-app package)"
    mvn -B -q -DskipTests -pl sample-app package
  fi
fi
[[ -f "$APP_JAR" ]] || { echo "demo: $APP_JAR is missing after the build" >&2; exit 1; }
if [[ "$USE_AGENT" == 1 && ! -f "$AGENT_JAR" ]]; then
  echo "demo: $AGENT_JAR is missing after the build (try --no-agent to run the app alone)" >&2
  exit 1
fi

mkdir -p "$LOG_DIR"
LOG_DIR="$(cd "$LOG_DIR" && pwd)"

# --- the agent's compressed clock ------------------------------------------------------------------------
# Each phase lasts NIGHT_SECONDS/7 whole seconds, and so does a statistics window; the driver starts each
# phase on a multiple of its length in UTC, where the agent starts its windows, so that a window holds one
# phase. The driver warms the service up (about 20 churn calls), then asks for 80 requests/s, 44 of them churn
# predictions; a busy machine gets about 15, 8 of them churn (CHURN_PER_S). The drift baseline is the churn
# calls of the warm-up and the first phase at that rate (their inputs are alike), so it is complete before the
# drift phase, and a window is scored once it holds half its churn calls at that rate (the agent's
# significance test keeps small windows from crying drift; docs/DRIFT.md).
CHURN_PER_S=8
PHASE_S=$(( NIGHT_SECONDS / 7 ))
WINDOW_S=$PHASE_S
BASELINE=$(( 20 + CHURN_PER_S * PHASE_S ))
MIN_SAMPLES=$(( CHURN_PER_S * WINDOW_S / 2 ))
JAVA_CMD=(java "${APP_JVM_FLAGS[@]}")
if [[ "$USE_AGENT" == 1 ]]; then
  JAVA_CMD+=("-javaagent:$AGENT_JAR=config=$CONFIG,file.dir=$LOG_DIR,stats.window_s=$WINDOW_S,drift.baseline_size=$BASELINE,drift.min_samples=$MIN_SAMPLES")
fi
JAVA_CMD+=(-jar "$APP_JAR" --port 0)

SERVICE_PID=""
cleanup() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_service N: starts the service with its output in service-N.out/.err; sets SERVICE_PID and PORT.
start_service() {
  local out="$LOG_DIR/service-$1.out" err="$LOG_DIR/service-$1.err"
  say "starting: ${JAVA_CMD[*]}"
  "${JAVA_CMD[@]}" >"$out" 2>"$err" &
  SERVICE_PID=$!
  PORT=""
  for _ in $(seq 1 600); do  # up to 120 s: the agent adds start-up time, a busy machine more
    PORT="$(sed -n 's#^sample-app listening on http://127\.0\.0\.1:\([0-9][0-9]*\)$#\1#p' "$out" | head -n 1)"
    [[ -n "$PORT" ]] && break
    if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
      echo "demo: the service exited before listening; its stderr ($err):" >&2
      tail -n 20 "$err" >&2
      exit 1
    fi
    sleep 0.2
  done
  if [[ -z "$PORT" ]]; then
    echo "demo: no listening line from the service within 120 s; see $out and $err" >&2
    exit 1
  fi
  echo "service pid $SERVICE_PID listening on port $PORT"
}

# drive ACT: one act of the night against the running service.
drive() {
  java -cp "$APP_JAR" io.predlog.sample.NightDriver --url "http://127.0.0.1:$PORT" --act "$1" \
    --seconds "$(( PHASE_S * 7 ))" --seed "$SEED" --incidents "$INCIDENTS" || echo "demo: the night driver reported a failure"
}

say "the night: 7 phases of ${PHASE_S}s (seed $SEED, incidents: $INCIDENTS); agent windows ${WINDOW_S}s, drift baseline $BASELINE calls"

# --- act 1: calm, long lists, drift, the hostile input ------------------------------------------------
start_service 1
if [[ "$CRASH" == 0 ]]; then
  drive all  # without the crash, one process serves both acts
else
drive 1

# The hostile input exhausts the heap and the JVM exits (ExitOnOutOfMemoryError): no shutdown hook runs,
# so the agent's in-flight record is all that names the call that was running.
say "waiting for the service to die of the hostile input"
DIED=0
for _ in $(seq 1 75); do  # up to 15 s
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then DIED=1; break; fi
  sleep 0.2
done
if [[ "$DIED" == 1 ]]; then
  STATUS=0; wait "$SERVICE_PID" 2>/dev/null || STATUS=$?
  # the JVM prints "Terminating due to java.lang.OutOfMemoryError: ..." on stdout
  echo "service pid $SERVICE_PID exited with status $STATUS: $(cat "$LOG_DIR/service-1.out" "$LOG_DIR/service-1.err" \
    | grep -m 1 'OutOfMemoryError' || echo 'no OutOfMemoryError line')"
else
  echo "demo: the service outlived the hostile input; killing it (SIGKILL) to go on" >&2
  kill -KILL "$SERVICE_PID" 2>/dev/null || true
  wait "$SERVICE_PID" 2>/dev/null || true
fi
SERVICE_PID=""

# --- act 2: restart on the same log dir; churn v4, the partner's batch, the wedge -------------------
say "restarting the service (same log dir: the agent reads the dead process's in-flight record)"
start_service 2
drive 2
fi

# --- stop cleanly: SIGTERM runs the shutdown hooks, which is when the agent flushes ------------------
say "stopping the service (SIGTERM)"
kill -TERM "$SERVICE_PID"
STOPPED=0
for _ in $(seq 1 100); do  # up to 20 s
  if ! kill -0 "$SERVICE_PID" 2>/dev/null; then STOPPED=1; break; fi
  sleep 0.2
done
LAST_RUN=$(( CRASH + 1 ))
if [[ "$STOPPED" == 1 ]]; then
  wait "$SERVICE_PID" 2>/dev/null || true
  echo "stopped: $(tail -n 1 "$LOG_DIR/service-$LAST_RUN.out")"
else
  echo "demo: the service did not stop within 20 s; killing it" >&2
  kill -KILL "$SERVICE_PID" 2>/dev/null || true
fi
SERVICE_PID=""

# --- what the application itself logged ----------------------------------------------------------------
for run in $(seq 1 "$LAST_RUN"); do
  ERR="$LOG_DIR/service-$run.err"
  say "service output, run $run: $LOG_DIR/service-$run.out, $ERR"
  echo "access log, responses by status:"
  sed -n 's/.* -> \([0-9][0-9]*\) in .*/\1/p' "$ERR" | sort | uniq -c | awk '{ printf "  %6d  %s\n", $1, $2 }'
  if grep -q '^\[predlog\]' "$ERR"; then
    echo "agent diagnostics ([predlog] lines on stderr):"
    grep '^\[predlog\]' "$ERR" | head -n 20 | sed 's/^/  /'
  fi
done

if [[ "$USE_AGENT" == 0 ]]; then
  say "ran without the agent: nothing recorded"
  exit 0
fi

# --- what the agent recorded ---------------------------------------------------------------------------
FILES="$(find "$LOG_DIR" -type f \( -name '*.jsonl' -o -name '*.jsonl.gz' \) | sort)"
say "event logs under $LOG_DIR"
if [[ -z "$FILES" ]]; then
  echo "no *.jsonl files were written; see the [predlog] lines in $LOG_DIR/service-*.err"
  exit 1
fi
while IFS= read -r f; do
  printf '  %s  (%s bytes)\n' "$f" "$(wc -c <"$f" | tr -d ' ')"
done <<<"$FILES"

# All events, one JSON object per line, whether or not a file has been compressed.
events() {
  while IFS= read -r f; do
    case "$f" in
      *.gz) gzip -dc "$f" ;;
      *) cat "$f" ;;
    esac
  done <<<"$FILES"
}

# field NAME: prints the string value of "NAME":"..." on each line that has it (else an empty line).
field() {
  awk -v key="\"$1\":\"" '{
    i = index($0, key)
    if (i == 0) { print ""; next }
    rest = substr($0, i + length(key))
    j = index(rest, "\"")
    print substr(rest, 1, j - 1)
  }'
}

say "events by name"
echo "  $(events | wc -l | tr -d ' ') events in total"
events | field event | sort | uniq -c | sort -rn | awk '{ printf "  %6d  %s\n", $1, ($2 == "" ? "(no event field)" : $2) }'

say "failures by error_type"
FAILURES="$(events | grep '"event":"[a-z_]*_failure"' || true)"
if [[ -z "$FAILURES" ]]; then
  echo "  none"
else
  paste -d ' ' <(field event <<<"$FAILURES") <(field error_type <<<"$FAILURES") \
    | sort | uniq -c | sort -rn | awk '{ printf "  %6d  %-20s %s\n", $1, $2, $3 }'
fi

say "models seen (model_id model_version: events)"
MODEL_EVENTS="$(events | grep '"model_id":"' || true)"
if [[ -z "$MODEL_EVENTS" ]]; then
  echo "  none"
else
  paste -d ' ' <(field model_id <<<"$MODEL_EVENTS") <(field model_version <<<"$MODEL_EVENTS") \
    | sort | uniq -c | awk '{ printf "  %-12s %-12s %6d\n", $2, ($3 == "" ? "-" : $3), $1 }'
fi

# number NAME: prints the numeric value of "NAME":123.4 on each line that has it (else an empty line).
number() {
  awk -v key="\"$1\":" '{
    i = index($0, key)
    if (i == 0) { print ""; next }
    rest = substr($0, i + length(key))
    match(rest, /^-?[0-9.eE+-]+/)
    print substr(rest, 1, RLENGTH)
  }'
}

say "statistics on every call (model_stats windows; see docs/STATISTICS.md)"
STATS="$(events | grep '"event":"model_stats"' || true)"
if [[ -z "$STATS" ]]; then
  echo "  none"
else
  printf '  %-8s %-10s %-8s %8s %8s %7s %12s %10s\n' target model version windows calls errors "max p99 ms" "novel %"
  paste -d ' ' <(field target <<<"$STATS") <(field model_id <<<"$STATS") <(field model_version <<<"$STATS") \
      <(number calls <<<"$STATS") <(number errors <<<"$STATS") <(number p99 <<<"$STATS") \
      <(number novel_inputs <<<"$STATS") \
    | awk '{ k = $1 " " $2 " " ($3 == "" ? "-" : $3); w[k]++; c[k] += $4; e[k] += $5; n[k] += $7
             if ($6 != "" && $6 + 0 > p[k]) p[k] = $6 + 0 }
           END { for (k in w) { split(k, a, " ")
                   printf "  %-8s %-10s %-8s %8d %8d %7d %12.3f %10s\n", a[1], a[2], a[3], w[k], c[k], e[k], p[k],
                          (c[k] > 0 ? sprintf("%.1f", 100 * n[k] / c[k]) : "-") } }' | sort
fi

say "the night window by window (model_stats: model version calls/errors p99 ms; the first window of a process is the JIT warming up)"
if [[ -n "$STATS" ]]; then
  printf '  %-12s %-8s %s\n' window pid "per model"
  paste -d ' ' <(field window_start <<<"$STATS") <(number pid <<<"$STATS") <(field model_id <<<"$STATS") \
      <(field model_version <<<"$STATS") <(number calls <<<"$STATS") <(number errors <<<"$STATS") <(number p99 <<<"$STATS") \
    | sort -k1,1 -k2,2n -k3,3 \
    | awk '{ key = substr($1, 12, 8) " " $2
             cell = sprintf("%-9s %-3s %4d/%-3d %8s", $3, $4, $5, $6, ($7 == "" ? "-" : sprintf("%.3f", $7)))
             if (key != last) { if (last != "") print line; line = sprintf("  %-12s %-8s", substr($1, 12, 8), $2); last = key }
             line = line "   " cell }
           END { if (last != "") print line }'
fi

say "drift (drift_detected / drift_resolved; see docs/DRIFT.md)"
DRIFT="$(events | grep '"event":"drift_' || true)"
if [[ -z "$DRIFT" ]]; then
  echo "  none: every scored window stayed under the thresholds (scores are in model_stats.drift)"
else
  paste -d ' ' <(field event <<<"$DRIFT") <(field model_id <<<"$DRIFT") <(field feature <<<"$DRIFT") \
      <(field metric <<<"$DRIFT") <(number value <<<"$DRIFT") \
    | awk '{ printf "  %-15s %-8s %-20s %-4s %s\n", $1, $2, $3, $4, $5 }' | head -n 20
fi

say "in-flight record (inflight_at_crash: calls running when a process died; see docs/EVENTS.md)"
INFLIGHT="$(events | grep '"event":"inflight_at_crash"' || true)"
if [[ -z "$INFLIGHT" ]]; then
  echo "  none"
else
  printf '  %-10s %-8s %-10s %-8s %-24s %s\n' crashed_pid call model version request_id input_hash
  paste -d ' ' <(number crashed_pid <<<"$INFLIGHT") <(field call <<<"$INFLIGHT") <(field model_id <<<"$INFLIGHT") \
      <(field model_version <<<"$INFLIGHT") <(field request_id <<<"$INFLIGHT") <(field input_hash <<<"$INFLIGHT") \
    | awk '{ printf "  %-10s %-8s %-10s %-8s %-24s %s\n", $1, $2, $3, $4, $5, $6 }'
fi

# A small JSON pretty-printer: objects one member per line, arrays kept on one line.
pretty() {
  awk '{
    out = ""; depth = 0; instr = 0; esc = 0; arr = 0
    n = length($0)
    for (i = 1; i <= n; i++) {
      c = substr($0, i, 1)
      if (instr) {
        out = out c
        if (esc) esc = 0
        else if (c == "\\") esc = 1
        else if (c == "\"") instr = 0
        continue
      }
      if (c == "\"") { instr = 1; out = out c }
      else if (c == "[") { arr++; out = out c }
      else if (c == "]") { arr--; out = out c }
      else if (arr > 0) { out = out (c == "," ? ", " : c) }
      else if (c == "{") { depth++; out = out "{\n" sprintf("%" (2 * depth) "s", "") }
      else if (c == "}") { depth--; out = out "\n" sprintf("%" (2 * depth) "s", "") "}" }
      else if (c == ",") { out = out ",\n" sprintf("%" (2 * depth) "s", "") }
      else if (c == ":") { out = out ": " }
      else out = out c
    }
    print out
  }'
}

say "example events"
for name in prediction_success prediction_failure model_load_success request_success; do
  example="$(events | grep -m 1 "\"event\":\"$name\"" || true)"
  if [[ -n "$example" ]]; then
    echo "-- $name"
    printf '%s\n' "$example" | pretty | sed 's/^/  /'
    shown=$(( ${shown:-0} + 1 ))
    [[ "$shown" -ge 2 ]] && break
  fi
done
[[ "${shown:-0}" -gt 0 ]] || events | head -n 2 | pretty

# --- the report, from the events alone, when the predlog CLI is there -------------------------------------
if [[ "$REPORT" == 0 ]]; then
  say "report: left out (--no-report); ./predlog report $LOG_DIR writes it"
elif [[ "$USE_AGENT" == 1 && -x ./predlog ]] && ./predlog report --help >/dev/null 2>&1; then
  say "./predlog report $LOG_DIR"
  ./predlog report "$LOG_DIR" || echo "demo: ./predlog report failed"
  if ./predlog dashboard --help >/dev/null 2>&1; then
    say "./predlog dashboard -o $LOG_DIR/dashboard.html $LOG_DIR"
    ./predlog dashboard -o "$LOG_DIR/dashboard.html" "$LOG_DIR" || echo "demo: ./predlog dashboard failed"
  fi
else
  say "report: needs the predlog CLI (./predlog report and ./predlog dashboard at the repository root); not here"
fi

say "done: logs in $LOG_DIR"
