#!/usr/bin/env bash
# Proves scripts/services.sh's install/start path on THROWAWAY instances,
# without touching the PostgreSQL/Redis this machine already runs:
#
#   1. pg_createcluster a stopped cluster salesd_ci_<rand>_a on a free port
#      (fresh-install auth: peer on the socket, scram on 127.0.0.1)
#   2. services.sh, first run: must start that cluster and a Redis on a free
#      port, and create role/database salesd
#   3. checks: the app URL logs in with its password, the superuser cannot
#      log in over TCP without one (so the peer fallback was used), Redis PONG
#   4. services.sh, second run: must be a no-op and take < 1 s
#   5. services.sh on another free port with a cluster name that does not
#      exist: must pg_createcluster it, start it, create role/database
#   6. "not installed" branch, simulated: services.sh under a PATH without
#      pg_ctlcluster/psql/redis-*, with apt-get replaced by a stub that only
#      records its arguments: it must run apt-get update + install -y
#      postgresql postgresql-contrib (resp. redis-server), then fail clearly
#   7. teardown of the throwaway instances only (also on any failure, via
#      trap), then: the machine's own clusters and Redis are as before
#
# Needs root (pg_createcluster/pg_dropcluster). Usage: scripts/check-services.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVICES=$ROOT/scripts/services.sh

say() { printf 'check: %s\n' "$*"; }
fail() {
    printf 'check: FAIL: %s\n' "$*" >&2
    exit 1
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

[ "$(id -u)" -eq 0 ] || fail "run as root (it creates and drops a throwaway PostgreSQL cluster)"
for tool in pg_createcluster pg_dropcluster pg_lsclusters pg_ctlcluster psql redis-server redis-cli ss; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool not found; run scripts/services.sh once to install PostgreSQL and Redis"
done

PG_VERSION=$(for d in /usr/lib/postgresql/*/bin/postgres; do d=${d#/usr/lib/postgresql/}; echo "${d%%/*}"; done | sort -n | tail -n 1)
TAG=$(date +%s)_$$
NAME_A=salesd_ci_${TAG}_a
NAME_B=salesd_ci_${TAG}_b
WORK=$(mktemp -d /tmp/salesd-check.XXXXXX)
chmod 755 "$WORK"
REDIS_DIR_T=$WORK/redis

port_taken() {
    ss -Htln "sport = :$1" | grep -q . ||
        pg_lsclusters --no-header | awk -v p="$1" '$3 == p { found = 1 } END { exit !found }'
}
free_port() {
    local p=$1
    while port_taken "$p" || [ "$p" = "${2:-}" ]; do p=$((p + 1)); done
    echo "$p"
}
PG_PORT_A=$(free_port 55432)
PG_PORT_B=$(free_port $((PG_PORT_A + 1)))
REDIS_PORT_T=$(free_port 56379)
SIM_PG_PORT=$(free_port $((PG_PORT_B + 1)))
SIM_REDIS_PORT=$(free_port $((REDIS_PORT_T + 1)))

# What the machine runs before we start: clusters with postmaster pids, and
# the run_id of the Redis on 6379. Our own salesd_ci_* clusters are excluded.
snapshot() {
    local ver name port status _owner datadir _log pid
    pg_lsclusters --no-header | while read -r ver name port status _owner datadir _log; do
        case "$name" in salesd_ci_*) continue ;; esac
        pid=-
        [ ! -r "$datadir/postmaster.pid" ] || pid=$(head -n 1 "$datadir/postmaster.pid")
        echo "postgres $ver/$name port=$port $status pid=$pid"
    done
    echo "redis 6379 $(timeout 3 redis-cli -p 6379 info server 2>/dev/null | tr -d '\r' | grep '^run_id:' || echo down)"
}
BEFORE=$(snapshot)

teardown_done=
teardown() {
    [ -z "$teardown_done" ] || return 0
    teardown_done=1
    local name
    for name in "$NAME_A" "$NAME_B"; do
        if [ -e "/etc/postgresql/$PG_VERSION/$name" ]; then
            pg_dropcluster --stop "$PG_VERSION" "$name" || say "warning: could not drop cluster $PG_VERSION/$name"
        fi
    done
    local pidfile=$REDIS_DIR_T/redis-$REDIS_PORT_T.pid
    if [ -f "$pidfile" ]; then
        timeout 5 redis-cli -p "$REDIS_PORT_T" shutdown nosave >/dev/null 2>&1 || true
        local pid
        pid=$(cat "$pidfile" 2>/dev/null || true)
        for _ in $(seq 50); do
            { [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; } || break
            sleep 0.1
        done
    fi
    rm -rf "$WORK"
}
trap teardown EXIT

RESULTS=()
record() { RESULTS+=("$(printf '%-62s %-4s %6s ms' "$1" "$2" "$3")"); }

# run_services LABEL ENV... : runs services.sh with ENV, output to $WORK/LABEL.out
run_services() {
    local label=$1
    shift
    local t0 t1 rc=0
    t0=$(now_ms)
    (cd / && env "$@" "$SERVICES") >"$WORK/$label.out" 2>&1 || rc=$?
    t1=$(now_ms)
    LAST_MS=$((t1 - t0))
    LAST_RC=$rc
    sed 's/^/    | /' "$WORK/$label.out"
}
expect_out() { grep -qF -- "$2" "$WORK/$1.out" || fail "$1: expected output line containing: $2"; }
expect_no_out() { ! grep -qF -- "$2" "$WORK/$1.out" || fail "$1: unexpected output: $2"; }

ENV_A=(SALESD_SERVICES="postgres redis" PGHOST=127.0.0.1 PGPORT="$PG_PORT_A" SALESD_PG_CLUSTER="$NAME_A"
    REDIS_HOST=127.0.0.1 REDIS_PORT="$REDIS_PORT_T" REDIS_DIR="$REDIS_DIR_T")
URL_A=postgres://salesd:salesd@127.0.0.1:$PG_PORT_A/salesd
URL_B=postgres://salesd:salesd@127.0.0.1:$PG_PORT_B/salesd

say "throwaway: PostgreSQL $PG_VERSION/$NAME_A on $PG_PORT_A, $PG_VERSION/$NAME_B on $PG_PORT_B, Redis on $REDIS_PORT_T ($REDIS_DIR_T)"

# 1. A stopped cluster, as a fresh `apt-get install postgresql` leaves it.
t0=$(now_ms)
pg_createcluster --locale=C.UTF-8 -p "$PG_PORT_A" "$PG_VERSION" "$NAME_A" >"$WORK/create.out" 2>&1 ||
    { cat "$WORK/create.out"; fail "pg_createcluster $PG_VERSION $NAME_A"; }
record "1. pg_createcluster $NAME_A (left stopped)" ok $(($(now_ms) - t0))
pg_lsclusters --no-header | awk -v n="$NAME_A" '$2 == n && $4 == "down" { f = 1 } END { exit !f }' ||
    fail "$NAME_A is not down after pg_createcluster"
! timeout 2 redis-cli -p "$REDIS_PORT_T" ping >/dev/null 2>&1 || fail "something already answers on $REDIS_PORT_T"

# 2. First run: both stopped.
say "services.sh, first run (PostgreSQL stopped, Redis not running):"
run_services run1 "${ENV_A[@]}"
[ "$LAST_RC" -eq 0 ] || fail "first run exited $LAST_RC"
expect_out run1 "starting cluster $PG_VERSION/$NAME_A"
expect_out run1 "ensuring role salesd"
expect_out run1 "Redis: starting on 127.0.0.1:$REDIS_PORT_T"
expect_out run1 "export DATABASE_URL=$URL_A REDIS_URL=redis://127.0.0.1:$REDIS_PORT_T"
record "2. services.sh run 1: starts PG + Redis, creates role/db" ok "$LAST_MS"

# 3. What the app will do, and proof the auth was the fresh-install kind.
t0=$(now_ms)
[ "$(psql "$URL_A" -X -w -q -t -A -c 'select 1')" = 1 ] || fail "psql $URL_A -c 'select 1'"
[ "$(psql "$URL_A" -X -w -q -t -A -c "select count(*) from pg_available_extensions where name = 'pg_trgm'")" = 1 ] ||
    fail "pg_trgm not available in $NAME_A"
if psql -h 127.0.0.1 -p "$PG_PORT_A" -U postgres -d postgres -X -w -c 'select 1' >/dev/null 2>&1; then
    fail "superuser logged in over TCP without a password: the cluster is not scram like a fresh install"
fi
[ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT_T" ping)" = PONG ] || fail "redis ping on $REDIS_PORT_T"
record "3. psql \$URL -c 'select 1' (scram), pg_trgm, redis PING" ok $(($(now_ms) - t0))

# 4. Second run: both running -> no-op, fast.
say "services.sh, second run (both running):"
run_services run2 "${ENV_A[@]}"
[ "$LAST_RC" -eq 0 ] || fail "second run exited $LAST_RC"
expect_out run2 "PostgreSQL: already running on 127.0.0.1:$PG_PORT_A"
expect_out run2 "Redis: already running on 127.0.0.1:$REDIS_PORT_T"
expect_no_out run2 "starting"
expect_no_out run2 "ensuring"
[ "$LAST_MS" -lt 1000 ] || fail "second run took ${LAST_MS} ms (must be < 1000)"
record "4. services.sh run 2: no-op" ok "$LAST_MS"

# 5. No cluster at all on that port -> created.
say "services.sh, no cluster for the port (must create one):"
run_services run3 PGHOST=127.0.0.1 PGPORT="$PG_PORT_B" SALESD_PG_CLUSTER="$NAME_B" SALESD_SERVICES=postgres
[ "$LAST_RC" -eq 0 ] || fail "create run exited $LAST_RC"
expect_out run3 "creating cluster $PG_VERSION/$NAME_B on port $PG_PORT_B"
expect_out run3 "ensuring role salesd"
[ "$(psql "$URL_B" -X -w -q -t -A -c 'select 1')" = 1 ] || fail "psql $URL_B -c 'select 1'"
record "5. services.sh: no cluster -> pg_createcluster + start + role/db" ok "$LAST_MS"

# 6. Not installed, simulated: a PATH without the PostgreSQL/Redis tools and
#    with a recording apt-get stub. Nothing is installed or removed.
FAKEBIN=$WORK/fakebin
mkdir -p "$FAKEBIN"
for dir in /usr/local/sbin /usr/local/bin /usr/sbin /usr/bin /sbin /bin; do
    [ -d "$dir" ] || continue
    for f in "$dir"/*; do
        b=${f##*/}
        case "$b" in
            pg_* | psql | postgres | initdb | redis-* | apt-get | sudo) continue ;;
        esac
        [ -e "$FAKEBIN/$b" ] || ln -s "$f" "$FAKEBIN/$b"
    done
done
cat >"$FAKEBIN/apt-get" <<EOF
#!/bin/sh
echo "DEBIAN_FRONTEND=\$DEBIAN_FRONTEND apt-get \$*" >>"$WORK/apt.log"
exit 0
EOF
chmod +x "$FAKEBIN/apt-get"
say "services.sh with PostgreSQL 'not installed' (stub apt-get):"
run_services sim_pg PATH="$FAKEBIN" PGPORT="$SIM_PG_PORT" SALESD_SERVICES=postgres
[ "$LAST_RC" -ne 0 ] || fail "simulated not-installed PostgreSQL run should fail after the stub install"
expect_out sim_pg "PostgreSQL: not installed"
expect_out sim_pg "still missing"
grep -q 'DEBIAN_FRONTEND=noninteractive apt-get .*update' "$WORK/apt.log" || fail "no apt-get update before install"
grep -q 'DEBIAN_FRONTEND=noninteractive apt-get .*install -y postgresql postgresql-contrib$' "$WORK/apt.log" ||
    fail "no apt-get install -y postgresql postgresql-contrib"
say "stub apt-get calls:"
sed 's/^/    | /' "$WORK/apt.log"
pg_ms=$LAST_MS
: >"$WORK/apt.log"
say "services.sh with Redis 'not installed' (stub apt-get):"
run_services sim_redis PATH="$FAKEBIN" REDIS_PORT="$SIM_REDIS_PORT" REDIS_DIR="$WORK/sim-redis" SALESD_SERVICES=redis
[ "$LAST_RC" -ne 0 ] || fail "simulated not-installed Redis run should fail after the stub install"
expect_out sim_redis "Redis: not installed"
grep -q 'DEBIAN_FRONTEND=noninteractive apt-get .*install -y redis-server$' "$WORK/apt.log" ||
    fail "no apt-get install -y redis-server"
say "stub apt-get calls:"
sed 's/^/    | /' "$WORK/apt.log"
record "6. not installed (simulated): apt-get update + install called" ok $((pg_ms + LAST_MS))

# 7. Teardown, then the machine's own services must be untouched.
t0=$(now_ms)
teardown
! pg_lsclusters --no-header | grep -q "salesd_ci_$TAG" || fail "throwaway cluster still listed after teardown"
! timeout 2 redis-cli -p "$REDIS_PORT_T" ping >/dev/null 2>&1 || fail "throwaway Redis still answers after teardown"
AFTER=$(snapshot)
[ "$BEFORE" = "$AFTER" ] || fail "machine services changed: before [$BEFORE] after [$AFTER]"
record "7. teardown; machine's clusters and Redis unchanged" ok $(($(now_ms) - t0))

say "untouched: $(echo "$BEFORE" | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
say "summary:"
printf '    %s\n' "${RESULTS[@]}"
say "all checks passed"
