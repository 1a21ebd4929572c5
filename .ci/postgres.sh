# shellcheck shell=bash
# Sourced by .ci/run (as root on a fresh Debian 12 machine): make sure a PostgreSQL cluster is
# installed and running, create a throw-away role and database for the server tests, and export
# KIOSK_TEST_POSTGRES_URL. Without it the PostgreSQL variants of tests/server skip.
# Idempotent: safe to source again on a machine where it already ran.

_kiosk_pg_setup() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "postgres.sh: not root and no sudo: PostgreSQL server tests will be skipped" >&2
      return 0
    fi
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "==> installing PostgreSQL (Debian packages)" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      postgresql postgresql-client >/dev/null
  fi
  local version
  version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
  local clusters
  clusters="$(pg_lsclusters -h)"   # captured first: no early-closing pipe under pipefail
  if ! awk -v v="$version" '$1 == v && $2 == "main" {found = 1} END {exit !found}' <<<"$clusters"; then
    $sudo pg_createcluster "$version" main >/dev/null
    clusters="$(pg_lsclusters -h)"
  fi
  # pg_ctlcluster start fails when the cluster already runs, so ask first.
  if ! $sudo pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    $sudo pg_ctlcluster "$version" main start
  fi
  local port
  port="$(awk -v v="$version" '$1 == v && $2 == "main" {print $3}' <<<"$clusters")"
  local password
  password="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  # Run psql from /tmp: the postgres user cannot enter root's working directory.
  local psql=(env -C /tmp $sudo runuser -u postgres -- psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  [ -z "$sudo" ] || psql=(env -C /tmp sudo -u postgres psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
  "${psql[@]}" -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_test') THEN
        CREATE ROLE kiosk_test LOGIN PASSWORD '$password';
      ELSE
        ALTER ROLE kiosk_test PASSWORD '$password';
      END IF; END \$\$;" >/dev/null
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'kiosk_test'")" != 1 ]; then
    "${psql[@]}" -c "CREATE DATABASE kiosk_test OWNER kiosk_test" >/dev/null
  fi
  export KIOSK_TEST_POSTGRES_URL="postgresql+psycopg://kiosk_test:${password}@127.0.0.1:${port}/kiosk_test"
  echo "==> PostgreSQL $version on port $port ready for the server tests" >&2
}

_kiosk_pg_setup
unset -f _kiosk_pg_setup
