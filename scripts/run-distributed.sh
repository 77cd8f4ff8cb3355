#!/usr/bin/env bash
# The distributed topology without Docker (`make run-distributed`): each service's API
# and workers as their own processes against the local PostgreSQL / Redis / RabbitMQ,
# nginx (Debian package) as the gateway. Runs in the foreground; Ctrl-C or SIGTERM
# stops every process it started. A process that dies during start-up fails the script;
# one that dies later is restarted with backoff while the others keep running. Process
# logs are appended to across restarts.
#
# Everything is overridable from the environment:
#   DATABASE_URL   postgresql://postgres@127.0.0.1:5432/test
#   REDIS_URL      redis://127.0.0.1:6379/0
#   RABBITMQ_URL   amqp://guest:guest@127.0.0.1:5672/
#   SESSIONHUB_JWT_SECRET  shared by every process; default: the checkout's dev secret
#                          (.sessionhub/jwt-secret), so `sessionhub token` works as is
#   DIST_GATEWAY_PORT      8080 (nginx)
#   DIST_SESSION_API_PORT  8101    DIST_CHAT_PORT 8102    DIST_BUILDER_PORT 8103
#   DIST_GRADER_METRICS_PORT 9101  DIST_SESSION_API_METRICS_PORT 9102
#   DIST_CHAT_METRICS_PORT 9103    DIST_BUILDER_METRICS_PORT 9104
#   DIST_BIND_HOST         127.0.0.1 (where the APIs listen)
#   DIST_RUN_DIR           .sessionhub/distributed (logs, nginx prefix)
#   DIST_SESSIONHUB        the sessionhub executable (default: the workspace venv's)
#   DIST_READY_TIMEOUT     120 (seconds for every API and the gateway to answer /health)
#   DIST_STOP_TIMEOUT      30 (seconds between SIGTERM and SIGKILL)
#   DIST_RESTART_DELAY     1 (seconds before restarting a crashed process; doubles per
#                          crash up to DIST_RESTART_MAX_DELAY, 30; back to 1 after a
#                          process stayed up DIST_RESTART_RESET, 60)
#   DIST_NGINX             the nginx binary (installed with apt-get when missing)
# (DIST_*, not SESSIONHUB_*: services read their own SESSIONHUB_<SERVICE>_* settings.)
# plus every SESSIONHUB_* setting of libs/common (prefixes, log level, OpenAI, ...).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '[run-distributed] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export RABBITMQ_URL="${RABBITMQ_URL:-amqp://guest:guest@127.0.0.1:5672/}"

gateway_port="${DIST_GATEWAY_PORT:-8080}"
session_api_port="${DIST_SESSION_API_PORT:-8101}"
chat_port="${DIST_CHAT_PORT:-8102}"
builder_port="${DIST_BUILDER_PORT:-8103}"
grader_metrics_port="${DIST_GRADER_METRICS_PORT:-9101}"
session_api_metrics_port="${DIST_SESSION_API_METRICS_PORT:-9102}"
chat_metrics_port="${DIST_CHAT_METRICS_PORT:-9103}"
builder_metrics_port="${DIST_BUILDER_METRICS_PORT:-9104}"
bind_host="${DIST_BIND_HOST:-127.0.0.1}"
run_dir="${DIST_RUN_DIR:-$root/.sessionhub/distributed}"
ready_timeout="${DIST_READY_TIMEOUT:-120}"
stop_timeout="${DIST_STOP_TIMEOUT:-30}"
restart_delay="${DIST_RESTART_DELAY:-1}"
restart_max_delay="${DIST_RESTART_MAX_DELAY:-30}"
restart_reset="${DIST_RESTART_RESET:-60}"

# --- the sessionhub command -----------------------------------------------------------
if [[ -n "${DIST_SESSIONHUB:-}" ]]; then
  read -r -a sessionhub <<<"$DIST_SESSIONHUB"
else
  venv="${UV_PROJECT_ENVIRONMENT:-$root/.venv}"
  if [[ ! -x "$venv/bin/sessionhub" ]]; then
    log "installing the workspace (uv sync --frozen)"
    bash "$root/scripts/uv.sh" sync --frozen >&2
  fi
  sessionhub=("$venv/bin/sessionhub")
fi

# --- nginx ------------------------------------------------------------------------------
nginx_bin="${DIST_NGINX:-$(command -v nginx || true)}"
if [[ -z "$nginx_bin" && -x /usr/sbin/nginx ]]; then nginx_bin=/usr/sbin/nginx; fi
if [[ -z "$nginx_bin" ]]; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "installing nginx with apt-get"
    apt-get update -qq </dev/null >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx \
      </dev/null >&2
    nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
  else
    die "nginx is not installed (Debian: sudo apt-get install nginx)"
  fi
fi

# --- one secret for every process -------------------------------------------------------
if [[ -z "${SESSIONHUB_JWT_SECRET:-}" ]]; then
  secret_file="${SESSIONHUB_DATA_DIR:-.sessionhub}/jwt-secret"
  if [[ ! -s "$secret_file" ]]; then
    mkdir -p "$(dirname "$secret_file")"
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$secret_file")
  fi
  SESSIONHUB_JWT_SECRET="$(tr -d '[:space:]' <"$secret_file")"
  export SESSIONHUB_JWT_SECRET
fi

# --- run dir and the gateway config -----------------------------------------------------
prefix="$run_dir/nginx"
mkdir -p "$run_dir" "$prefix/conf" "$prefix/logs"
chmod 755 "$run_dir" "$prefix"  # nginx workers drop root; they need the temp dirs
cp "$root"/deploy/nginx/*.conf "$prefix/conf/"
sed -i \
  -e "s/127\.0\.0\.1:8101;/127.0.0.1:${session_api_port};/" \
  -e "s/127\.0\.0\.1:8102;/127.0.0.1:${chat_port};/" \
  -e "s/127\.0\.0\.1:8103;/127.0.0.1:${builder_port};/" \
  -e "s/listen 127\.0\.0\.1:8080;/listen 127.0.0.1:${gateway_port};/" \
  "$prefix/conf/gateway.local.conf"
nginx=("$nginx_bin" -p "$prefix/" -c conf/gateway.local.conf -e logs/error.log)
"${nginx[@]}" -t -q || die "nginx rejected $prefix/conf/gateway.local.conf"

# --- process supervision ----------------------------------------------------------------
# A process that dies after start-up is restarted after a growing delay (restart_delay,
# doubled per quick crash up to restart_max_delay; reset once it stayed up restart_reset
# seconds), so one crashing worker does not take the other processes down.
pids=()
names=()
commands=()
started_at=()
crashes=()
restart_at=()

stop_all() {
  local pid deadline
  for pid in "${pids[@]}"; do
    if [[ -n "$pid" ]]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  deadline=$((SECONDS + stop_timeout))
  for pid in "${pids[@]}"; do
    [[ -n "$pid" ]] || continue
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}

on_exit() {
  local status=$?
  trap - EXIT INT TERM
  if ((${#pids[@]})); then
    log "stopping ${#pids[@]} process(es)"
    stop_all
  fi
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Launch process $1 (an index) with its recorded command; the log is appended to, so
# what a crashed process wrote survives its restart.
launch() {
  local i=$1 logfile="$run_dir/${names[$1]}.log"
  printf '[run-distributed] %s starting %s\n' "$(date -u +%FT%TZ)" "${names[$i]}" >>"$logfile"
  # exec: the recorded pid is the process itself, so SIGTERM reaches it.
  eval "exec ${commands[$i]}" >>"$logfile" 2>&1 &
  pids[i]=$!
  started_at[i]=$SECONDS
  restart_at[i]=""
  log "started ${names[$i]} (pid ${pids[$i]}), log: $logfile"
}

start() {
  local name=$1
  shift
  names+=("$name")
  commands+=("$(printf '%q ' "$@")")
  crashes+=(0)
  pids+=("")
  started_at+=(0)
  restart_at+=("")
  launch $((${#names[@]} - 1))
}

dead_process() {
  local i
  for i in "${!pids[@]}"; do
    if [[ -n "${pids[$i]}" ]] && ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "${names[$i]}"
      return 0
    fi
  done
  return 1
}

# Notice exits, schedule restarts with backoff, and restart what is due.
supervise() {
  local i status uptime delay
  for i in "${!pids[@]}"; do
    if [[ -n "${pids[$i]}" ]] && ! kill -0 "${pids[$i]}" 2>/dev/null; then
      status=0
      wait "${pids[$i]}" 2>/dev/null || status=$?
      uptime=$((SECONDS - started_at[i]))
      if ((uptime >= restart_reset)); then crashes[i]=0; fi
      delay=$((restart_delay << crashes[i]))
      ((delay <= restart_max_delay)) || delay=$restart_max_delay
      crashes[i]=$((crashes[i] + 1))
      log "${names[$i]} (pid ${pids[$i]}) exited with status $status after ${uptime}s;" \
        "restarting in ${delay}s (crash ${crashes[$i]}, log: $run_dir/${names[$i]}.log)"
      pids[i]=""
      restart_at[i]=$((SECONDS + delay))
    elif [[ -z "${pids[$i]}" && -n "${restart_at[$i]}" ]] && ((SECONDS >= restart_at[i])); then
      launch "$i"
    fi
  done
}

# The status code of GET http://127.0.0.1:PORT/PATH, or nothing (no curl needed).
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ code _ <&3 || exit 1
    echo "$code"
  ) 2>/dev/null || true
}

# --- go ---------------------------------------------------------------------------------
log "migrating ($DATABASE_URL, schema prefix '${SESSIONHUB_DB_SCHEMA_PREFIX:-}')"
"${sessionhub[@]}" migrate >>"$run_dir/migrate.log" 2>&1 \
  || { tail -n 40 "$run_dir/migrate.log" >&2; die "sessionhub migrate failed"; }
export SESSIONHUB_MIGRATE_ON_START="${SESSIONHUB_MIGRATE_ON_START:-false}"

start session-api "${sessionhub[@]}" serve session-api --host "$bind_host" --port "$session_api_port"
start chat "${sessionhub[@]}" serve chat --host "$bind_host" --port "$chat_port"
start builder "${sessionhub[@]}" serve builder --host "$bind_host" --port "$builder_port"
start grader-worker "${sessionhub[@]}" worker grader --metrics-port "$grader_metrics_port"
start session-api-worker "${sessionhub[@]}" worker session-api \
  --metrics-port "$session_api_metrics_port"
start chat-worker "${sessionhub[@]}" worker chat --metrics-port "$chat_metrics_port"
start builder-worker "${sessionhub[@]}" worker builder --metrics-port "$builder_metrics_port"
start gateway "${nginx[@]}" -g 'daemon off;'

deadline=$((SECONDS + ready_timeout))
for target in "session-api:$session_api_port" "chat:$chat_port" "builder:$builder_port" \
  "gateway:$gateway_port"; do
  name="${target%%:*}"
  port="${target##*:}"
  until [[ "$(http_status "$port" /health)" == 200 ]]; do
    if died="$(dead_process)"; then
      tail -n 40 "$run_dir/$died.log" >&2 || true
      die "$died exited during start-up (log: $run_dir/$died.log)"
    fi
    ((SECONDS < deadline)) || die "$name did not answer /health within ${ready_timeout}s"
    sleep 0.2
  done
done

log "ready: gateway http://127.0.0.1:$gateway_port (docs: /docs, events: /asyncapi)"
log "token: ${sessionhub[*]} token --user alice   (logs in $run_dir)"

# Run until a signal; a process that dies is restarted (see supervise).
while true; do
  supervise
  sleep 0.5
done
