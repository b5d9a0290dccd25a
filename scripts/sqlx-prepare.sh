#!/usr/bin/env bash
# Regenerates `.sqlx/`, the query data that sqlx's query! macros check the
# money path's SQL against at compile time (docs/architecture.md, "Where SQL
# lives"). It migrates a throwaway database to the current migrations,
# compiles the domain crate against it with the macros online, and writes
# one file per checked query. Run it after changing a checked query or a
# migration it reads; commit `.sqlx/` with the change.
set -euo pipefail
cd "$(dirname "$0")/.."

admin_url="${SQLX_PREPARE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
db="salesd_sqlx_prepare_$$"
base="${admin_url%/*}"
url="$base/$db"
trap 'psql -q "$admin_url" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
psql -q "$admin_url" -c "CREATE DATABASE \"$db\""

# The migrations in order, as `salesd migrate` applies them (the binary
# itself cannot be built before this data exists).
for f in migrations/*.sql; do
    psql -q -v ON_ERROR_STOP=1 "$url" -f "$f" >/dev/null
done

rm -rf .sqlx
mkdir .sqlx
touch domain/src/lib.rs
SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/.sqlx" DATABASE_URL="$url" \
    cargo check -q -p salesd-domain --lib
echo "sqlx-prepare: $(ls .sqlx | wc -l) queries in .sqlx/"
