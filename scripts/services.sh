#!/usr/bin/env bash
# Bring up the PostgreSQL and Redis that salesd needs, idempotently.
#
#   running   -> used as it is (nothing is stopped, restarted or reconfigured)
#   stopped   -> started (pg_ctlcluster / redis-server --daemonize; no systemd)
#   missing   -> apt-get installed, then started
#
# Then makes sure the application role and database exist (role salesd, LOGIN
# CREATEDB PASSWORD 'salesd', database salesd owned by it, pg_trgm available).
#
# Progress goes to stderr; stdout gets one line of hints only:
#   export DATABASE_URL=... REDIS_URL=...
# so `eval "$(scripts/services.sh)"` works. Nothing is written to the repo.
#
# Environment (all optional):
#   PGHOST, PGPORT              where PostgreSQL must answer (127.0.0.1, 5432)
#   SALESD_PG_VERSION           major version for a new cluster (newest installed)
#   SALESD_PG_CLUSTER           cluster to start/create for PGPORT (the one on
#                               PGPORT, else "main", else "salesd")
#   SALESD_PG_SOCKET_DIR        socket dir for the peer-auth fallback (/var/run/postgresql)
#   REDIS_HOST, REDIS_PORT      where Redis must answer (127.0.0.1, 6379)
#   REDIS_DIR                   data dir of a Redis started here
#                               (root: /var/lib/redis, else ~/.local/state/salesd/redis)
#   REDIS_LOGFILE               its log ($REDIS_DIR/redis-$REDIS_PORT.log)
#   SALESD_SERVICES             which to manage: "postgres redis" (default), "postgres", "redis"
#   SALESD_WAIT_SECONDS         how long to wait for a service to answer (60)
set -euo pipefail

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
SALESD_SERVICES=${SALESD_SERVICES:-postgres redis}
WAIT_SECONDS=${SALESD_WAIT_SECONDS:-60}
PG_SOCKET_DIR=${SALESD_PG_SOCKET_DIR:-/var/run/postgresql}
APP_ROLE=salesd
APP_PASSWORD=salesd
APP_DB=salesd

log() { printf 'services: %s\n' "$*" >&2; }
die() { printf 'services: error: %s\n' "$*" >&2; exit 1; }

# Root runs things directly; anyone else goes through sudo.
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    SUDO=(sudo)
fi
as_root() {
    if [ ${#SUDO[@]} -gt 0 ] && ! command -v sudo >/dev/null 2>&1; then
        die "need root for: $*; run this script as root or install sudo"
    fi
    "${SUDO[@]}" "$@"
}

is_local_host() {
    case "$1" in
        127.0.0.1 | localhost | ::1 | /*) return 0 ;;
        *) return 1 ;;
    esac
}

APT_UPDATED=
apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        die "$* not installed and apt-get not found; install $* with your package manager"
    local out
    out=$(mktemp "${TMPDIR:-/tmp}/salesd-apt.XXXXXX")
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >"$out" 2>&1 ||
            { tail -n 20 "$out" >&2; die "apt-get update failed (output above); fix apt sources and re-run"; }
        APT_UPDATED=1
    fi
    log "apt-get install -y $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y "$@" >"$out" 2>&1 ||
        { tail -n 20 "$out" >&2; die "apt-get install -y $* failed (output above)"; }
    rm -f "$out"
}

# wait_for SECONDS DESCRIPTION COMMAND... : poll COMMAND every 0.2 s.
wait_for() {
    local secs=$1 what=$2
    shift 2
    local tries=$((secs * 5))
    while ! "$@" >/dev/null 2>&1; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 0.2
    done
    log "$what"
}

# --------------------------------------------------------------------------
# PostgreSQL

pg_answers() {
    command -v pg_isready >/dev/null 2>&1 && pg_isready -q -t 2 -h "$PGHOST" -p "$PGPORT"
}

pg_installed() {
    command -v pg_ctlcluster >/dev/null 2>&1 && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

pg_version() {
    if [ -n "${SALESD_PG_VERSION:-}" ]; then
        [ -x "/usr/lib/postgresql/$SALESD_PG_VERSION/bin/postgres" ] ||
            die "SALESD_PG_VERSION=$SALESD_PG_VERSION but /usr/lib/postgresql/$SALESD_PG_VERSION/bin/postgres is missing"
        echo "$SALESD_PG_VERSION"
        return
    fi
    local d
    for d in /usr/lib/postgresql/*/bin/postgres; do
        d=${d#/usr/lib/postgresql/}
        echo "${d%%/*}"
    done | sort -n | tail -n 1
}

# Prints "version name port status logfile" of the cluster to use, or nothing.
pg_find_cluster() {
    { pg_lsclusters --no-header 2>/dev/null || true; } | awk -v want="${SALESD_PG_CLUSTER:-}" -v port="$PGPORT" '
        !done && want != "" && $2 == want { print $1, $2, $3, $4, $7; done = 1 }
        !done && want == "" && $3 == port { print $1, $2, $3, $4, $7; done = 1 }'
}

pg_start_cluster() {
    local ver=$1 name=$2 logfile=$3
    log "PostgreSQL: starting cluster $ver/$name on port $PGPORT"
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 ||
        die "PostgreSQL $ver/$name failed to start; see $logfile"
}

pg_create_cluster() {
    local ver name out
    ver=$(pg_version)
    name=${SALESD_PG_CLUSTER:-}
    if [ -z "$name" ]; then
        name=main
        [ ! -e "/etc/postgresql/$ver/main" ] || name=salesd
    fi
    [ ! -e "/etc/postgresql/$ver/$name" ] ||
        die "cluster $ver/$name exists but is not on port $PGPORT; set SALESD_PG_CLUSTER/PGPORT to match it"
    log "PostgreSQL: creating cluster $ver/$name on port $PGPORT"
    out=$(mktemp "${TMPDIR:-/tmp}/salesd-pgcreate.XXXXXX")
    as_root pg_createcluster --locale=C.UTF-8 -p "$PGPORT" "$ver" "$name" >"$out" 2>&1 ||
        { tail -n 20 "$out" >&2; die "pg_createcluster $ver $name failed (output above)"; }
    rm -f "$out"
    pg_start_cluster "$ver" "$name" "/var/log/postgresql/postgresql-$ver-$name.log"
}

pg_up() {
    if pg_answers; then
        log "PostgreSQL: already running on $PGHOST:$PGPORT"
        return
    fi
    # Rejecting connections (starting up): give it the usual time.
    if command -v pg_isready >/dev/null 2>&1; then
        local rc=0
        pg_isready -q -t 2 -h "$PGHOST" -p "$PGPORT" || rc=$?
        if [ "$rc" -eq 1 ] &&
            wait_for "$WAIT_SECONDS" "PostgreSQL: ready on $PGHOST:$PGPORT" pg_answers; then
            return
        fi
    fi
    is_local_host "$PGHOST" ||
        die "nothing answers on PGHOST=$PGHOST:$PGPORT and it is not this machine; start PostgreSQL there or unset PGHOST"

    if ! pg_installed; then
        log "PostgreSQL: not installed"
        apt_install postgresql postgresql-contrib
        pg_installed || die "apt-get install finished but pg_ctlcluster or /usr/lib/postgresql/*/bin/postgres is still missing"
        # The package may have created and started a cluster on 5432 already.
        if pg_answers; then
            log "PostgreSQL: running on $PGHOST:$PGPORT after install"
            return
        fi
    fi

    local cluster ver name port status logfile
    cluster=$(pg_find_cluster)
    if [ -z "$cluster" ]; then
        pg_create_cluster
    else
        read -r ver name port status logfile <<<"$cluster"
        [ "$port" = "$PGPORT" ] ||
            die "cluster $ver/$name is configured for port $port, not PGPORT=$PGPORT; set PGPORT=$port or pick another SALESD_PG_CLUSTER"
        case "$status" in
            online*)
                # Online but it did not answer above: maybe still starting.
                ;;
            *) pg_start_cluster "$ver" "$name" "$logfile" ;;
        esac
    fi
    wait_for "$WAIT_SECONDS" "PostgreSQL: ready on $PGHOST:$PGPORT" pg_answers ||
        die "PostgreSQL did not answer on $PGHOST:$PGPORT within ${WAIT_SECONDS}s; check listen_addresses/port in /etc/postgresql/*/${name:-main}/postgresql.conf and its log"
}

app_url() {
    local host=$PGHOST
    case "$host" in /* | localhost) host=127.0.0.1 ;; esac
    printf 'postgres://%s:%s@%s:%s/%s' "$APP_ROLE" "$APP_PASSWORD" "$host" "$PGPORT" "$APP_DB"
}

# Fast path: the app itself can log in, may create databases, owns its
# database, and pg_trgm is installable.
pg_app_ready() {
    local ok
    ok=$(PGCONNECT_TIMEOUT=5 psql "$(app_url)" -X -w -q -t -A -c \
        "select (select rolcreatedb from pg_roles where rolname = current_user)
            and (select pg_get_userbyid(datdba) = current_user from pg_database where datname = current_database())
            and exists (select 1 from pg_available_extensions where name = 'pg_trgm')" 2>/dev/null) || return 1
    [ "$ok" = t ]
}

PG_SUPER=()
pg_find_superuser() {
    if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -X -w -q -t -A -c 'select 1' >/dev/null 2>&1; then
        PG_SUPER=(psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres)
        return
    fi
    is_local_host "$PGHOST" || return 1
    local run=(runuser -u postgres --)
    [ "$(id -u)" -eq 0 ] || run=(sudo -u postgres --)
    if (cd / && "${run[@]}" psql -h "$PG_SOCKET_DIR" -p "$PGPORT" -d postgres -X -w -q -t -A -c 'select 1') >/dev/null 2>&1; then
        PG_SUPER=("${run[@]}" psql -h "$PG_SOCKET_DIR" -p "$PGPORT" -d postgres)
        return
    fi
    return 1
}

pg_ensure_app() {
    if pg_app_ready; then
        log "PostgreSQL: role and database $APP_DB ready"
        return
    fi
    pg_find_superuser ||
        die "cannot connect as superuser (tried psql -h $PGHOST -p $PGPORT -U postgres, then runuser -u postgres -- psql -h $PG_SOCKET_DIR -p $PGPORT); create role $APP_ROLE (LOGIN CREATEDB PASSWORD '$APP_PASSWORD') and database $APP_DB owned by it by hand"
    log "PostgreSQL: ensuring role $APP_ROLE and database $APP_DB"
    (cd / && "${PG_SUPER[@]}" -X -w -q -t -A -v ON_ERROR_STOP=1 -f -) >/dev/null <<SQL || die "creating role/database $APP_DB failed (psql error above)"
SELECT 'CREATE ROLE $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE') \gexec
ALTER ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
SELECT 'CREATE DATABASE $APP_DB OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$APP_DB') \gexec
ALTER DATABASE $APP_DB OWNER TO $APP_ROLE;
SQL
    if ! pg_app_ready; then
        local trgm
        trgm=$( (cd / && "${PG_SUPER[@]}" -X -w -q -t -A -c "select count(*) from pg_available_extensions where name = 'pg_trgm'") 2>/dev/null || true)
        [ "$trgm" != 0 ] || die "extension pg_trgm is not available; install postgresql-contrib (apt-get install -y postgresql-contrib)"
        die "role $APP_ROLE cannot log in with $(app_url); check pg_hba.conf allows password (scram/md5) or trust auth from $PGHOST"
    fi
    log "PostgreSQL: role and database $APP_DB ready"
}

# --------------------------------------------------------------------------
# Redis

redis_answers() {
    command -v redis-cli >/dev/null 2>&1 &&
        [ "$(timeout 3 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

redis_up() {
    if redis_answers; then
        log "Redis: already running on $REDIS_HOST:$REDIS_PORT"
        return
    fi
    is_local_host "$REDIS_HOST" ||
        die "nothing answers on REDIS_HOST=$REDIS_HOST:$REDIS_PORT and it is not this machine; start Redis there or unset REDIS_HOST"
    if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
        log "Redis: not installed"
        apt_install redis-server
        { command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; } ||
            die "apt-get install finished but redis-server/redis-cli is still missing"
        # The package may have started its own server on 6379.
        if redis_answers; then
            log "Redis: running on $REDIS_HOST:$REDIS_PORT after install"
            return
        fi
    fi
    if command -v ss >/dev/null 2>&1 && ss -Htln "sport = :$REDIS_PORT" 2>/dev/null | grep -q .; then
        die "port $REDIS_PORT is taken by something that does not answer Redis PING; free it or set REDIS_PORT"
    fi
    local dir bind
    if [ -n "${REDIS_DIR:-}" ]; then
        dir=$REDIS_DIR
    elif [ "$(id -u)" -eq 0 ]; then
        dir=/var/lib/redis
    else
        dir=${XDG_STATE_HOME:-$HOME/.local/state}/salesd/redis
    fi
    mkdir -p "$dir" || die "cannot create REDIS_DIR=$dir; set REDIS_DIR to a writable directory"
    local logfile=${REDIS_LOGFILE:-$dir/redis-$REDIS_PORT.log}
    case "$REDIS_HOST" in ::1) bind=::1 ;; *) bind=127.0.0.1 ;; esac
    log "Redis: starting on $bind:$REDIS_PORT (dir $dir)"
    redis-server --daemonize yes --bind "$bind" --port "$REDIS_PORT" --save "" --appendonly no \
        --dir "$dir" --logfile "$logfile" --pidfile "$dir/redis-$REDIS_PORT.pid" >&2 ||
        die "redis-server failed to start; see $logfile"
    wait_for "$WAIT_SECONDS" "Redis: ready on $REDIS_HOST:$REDIS_PORT" redis_answers ||
        die "Redis did not answer PONG on $REDIS_HOST:$REDIS_PORT within ${WAIT_SECONDS}s; see $logfile (is the port taken by something else?)"
}

# --------------------------------------------------------------------------

hints=()
for svc in $SALESD_SERVICES; do
    case "$svc" in
        postgres | postgresql)
            pg_up
            pg_ensure_app
            hints+=("DATABASE_URL=$(app_url)")
            ;;
        redis)
            redis_up
            rhost=$REDIS_HOST
            [ "$rhost" != ::1 ] || rhost='[::1]'
            hints+=("REDIS_URL=redis://$rhost:$REDIS_PORT")
            ;;
        *) die "unknown service '$svc' in SALESD_SERVICES (use: postgres redis)" ;;
    esac
done
[ ${#hints[@]} -eq 0 ] || echo "export ${hints[*]}"
