#!/bin/sh
# The entrypoint of scripts/container/postgres.Containerfile: what the official postgres
# image's entrypoint does with the settings examples/compose/compose.yaml passes.
#   POSTGRES_PASSWORD  the password of POSTGRES_USER (required at the first start)
#   POSTGRES_USER      the superuser (default postgres)
#   POSTGRES_DB        a database made at the first start (default POSTGRES_USER)
#   PGDATA             the cluster (default /var/lib/postgresql/data, the volume)
# At the first start (no PG_VERSION in PGDATA) the cluster is made, set to listen on
# every address, and the database created while the server listens on its Unix socket
# only. Then the server runs in the foreground (as the user postgres, with the
# arguments given), with password (scram-sha-256) authentication for every network
# client and trust on the socket inside the container (as in the official image:
# `podman exec ... psql -U authgate`). Later starts use the cluster as it is. Other
# commands than `postgres` run as given.
set -eu

bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
export PATH="$bin:$PATH"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA

# `postgres -c x=y` or just options: the server, as in the official image.
case "${1:-postgres}" in
-*) set -- postgres "$@" ;;
esac
[ "${1:-postgres}" = postgres ] || exec "$@"
[ $# -gt 0 ] && shift

if [ "$(id -u)" = 0 ]; then
  # A new volume or a bind mount: the folder must be the postgres user's, mode 700.
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" postgres "$@"
fi

# A question to the server (its version, its settings) needs no cluster.
for arg in "$@"; do
  case "$arg" in
  -'?' | --help | --describe-config | -C | --version | -V) exec postgres "$@" ;;
  esac
done

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: POSTGRES_PASSWORD is empty: the cluster is not initialised" \
      "(network clients sign in with that password)" >&2
    exit 1
  fi
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust \
    --auth-host=scram-sha-256 --encoding=UTF8 >/dev/null
  rm -f "$pwfile"
  printf '\n# Any network client, with a password (postgres-entrypoint.sh).\nhost all all all scram-sha-256\n' \
    >>"$PGDATA/pg_hba.conf"
  printf "\n# On the network (postgres-entrypoint.sh).\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  pg_ctl -o "-c listen_addresses=''" -w start >/dev/null
  if [ "$db" != postgres ]; then
    # A psql variable, so the name is quoted as an identifier whatever it holds.
    printf 'CREATE DATABASE :"db";\n' \
      | psql -q -v ON_ERROR_STOP=1 -v db="$db" --username="$user" --dbname=postgres
  fi
  pg_ctl -m fast -w stop >/dev/null
  echo "postgres-entrypoint: initialised $PGDATA (user $user, database $db)"
fi

exec postgres "$@"
