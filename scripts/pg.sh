#!/usr/bin/env bash
# Throw-away PostgreSQL for tests: `scripts/pg.sh start DIR PORT` initialises a
# cluster in DIR (if new), starts it on 127.0.0.1:PORT and prints its DSN;
# `scripts/pg.sh stop DIR` stops it. Installs PostgreSQL from Debian's
# packages when it is missing. Runs the server as the postgres user, since
# PostgreSQL refuses to run as root.
set -euo pipefail
cmd=${1:?usage: pg.sh start|stop DIR [PORT]}
dir=${2:?data directory}
port=${3:-55432}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

as_pg() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
	if [ -z "$(bindir)" ]; then
		echo "pg.sh: installing PostgreSQL from Debian's packages" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq >&2
		apt-get install -y -qq postgresql >&2
	fi
	bin=$(bindir)
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	if [ ! -f "$dir/PG_VERSION" ]; then
		as_pg "$bin/initdb" -D "$dir" -U postgres -A trust -E UTF8 --no-locale >/dev/null
	fi
	sock=$dir
	as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $sock -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null
	as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='opencem_test'" | grep -q 1 ||
		as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE opencem_test" >/dev/null
	echo "postgres://postgres@127.0.0.1:$port/opencem_test?sslmode=disable"
	;;
stop)
	bin=$(bindir)
	[ -f "$dir/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
	;;
*)
	echo "usage: pg.sh start|stop DIR [PORT]" >&2
	exit 2
	;;
esac
