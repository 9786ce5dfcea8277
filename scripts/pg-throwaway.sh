#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, shared by .ci/run and the Vitest globalSetup
# (test/support/pg-global-setup.ts):
#   start STATE_DIR   initialise a cluster in a fresh temp dir, start it on a free port of
#                     127.0.0.1 (unix socket in that temp dir), print its URL (fsync off unless
#                     PG_THROWAWAY_DURABLE=1); STATE_DIR/url and
#                     STATE_DIR/cluster record the URL and the cluster dir
#   stop STATE_DIR    stop that cluster and delete its temp dir
#   bindir            print the directory holding initdb and pg_ctl
#
# initdb and postgres refuse to run as root, so as root the cluster belongs to an unprivileged
# account (postgres if it exists, else nobody) and every server command runs as that account.
# The cluster dir is a fresh directory of its own under /tmp. Needs node (or $NODE) for a free port.
set -euo pipefail

usage() { echo "usage: $0 start STATE_DIR | stop STATE_DIR | bindir" >&2; exit 2; }

# The directory holding initdb/pg_ctl: PATH first, then Debian's /usr/lib/postgresql/<version>/bin.
pg_bindir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

# Runs a command as the account that owns the cluster (see cluster_owner),
# from /, since the caller's working directory may be closed to that account.
run_as() {
  if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
  local user
  user=$(cluster_owner)
  if command -v runuser >/dev/null 2>&1; then (cd / && runuser -u "$user" -- "$@")
  else (cd / && su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"); fi
}

cluster_owner() {
  if [ "$(id -u)" -ne 0 ]; then id -un; elif id -u postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

free_port() {
  "${NODE:-node}" -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
}

start() {
  local state=$1 bin port dir
  bin=$(pg_bindir) || { echo "PostgreSQL binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin." >&2; exit 1; }
  mkdir -p "$state"
  # Directly under /tmp: the unix socket path must stay short (about 100 bytes), and as root the
  # cluster's account must be able to reach the directory.
  dir=$(mktemp -d /tmp/cloudsso-pg.XXXXXX)
  [ "$(id -u)" -ne 0 ] || chown "$(cluster_owner)" "$dir"
  echo "$dir" >"$state/cluster"
  # The C.UTF-8 locale where the system has it, else plain C (--no-locale); UTF8 either way.
  if ! run_as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
    rm -rf "${dir:?}/data"
    run_as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  port=$(free_port)
  # fsync off: a test cluster trades durability for speed. PG_THROWAWAY_DURABLE=1 keeps PostgreSQL's
  # durable defaults (the benchmark's BENCH_PG_FSYNC=on).
  local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_THROWAWAY_DURABLE:-}" != 1 ] || durability=""
  run_as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  echo "postgres://postgres@127.0.0.1:$port/postgres" | tee "$state/url"
}

stop() {
  local state=$1 bin dir
  [ -f "$state/cluster" ] || return 0
  dir=$(cat "$state/cluster")
  if [ -f "$dir/data/postmaster.pid" ] && bin=$(pg_bindir); then
    run_as "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 \
      || run_as "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$dir" in */cloudsso-pg.*) rm -rf "$dir" ;; esac
  rm -f "$state/cluster" "$state/url"
}

case "${1:-}" in
  start) [ $# -eq 2 ] || usage; start "$2" ;;
  stop) [ $# -eq 2 ] || usage; stop "$2" ;;
  bindir) pg_bindir ;;
  *) usage ;;
esac
