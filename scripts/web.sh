#!/usr/bin/env bash
# Build the console (web/ -> web/dist), installing what it needs.
#   scripts/web.sh            install Node.js/npm when missing, npm ci, build
#   scripts/web.sh --check    also: codegen drift check, type check, lint, unit tests
#   scripts/web.sh --browser  also install Debian's chromium and a CJK font
#                             (for the browser tests; never a downloaded browser)
# The Rust build does not need this: salesd serves web/dist when it exists.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT/web"

log() { printf 'web: %s\n' "$*" >&2; }

apt_install() {
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    if [ ! -f /var/lib/apt/periodic/salesd-updated ] && [ -z "${SALESD_APT_UPDATED:-}" ]; then
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        export SALESD_APT_UPDATED=1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}

check=0
browser=0
for arg in "$@"; do
    case "$arg" in
        --check) check=1 ;;
        --browser) browser=1 ;;
        *) log "unknown argument $arg"; exit 2 ;;
    esac
done

if ! command -v npm >/dev/null 2>&1; then
    log "installing nodejs npm (Debian's)"
    apt_install nodejs npm
fi
if [ "$browser" = 1 ]; then
    if ! command -v chromium >/dev/null 2>&1; then
        log "installing chromium (Debian's)"
        apt_install chromium
    fi
    if ! fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk"; then
        log "installing a CJK font"
        apt_install fonts-wqy-microhei
    fi
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund >&2
fi
if [ "$check" = 1 ]; then
    log "codegen drift (src/gql against ../schema.graphql)"
    npm run -s codegen:check >&2
    log "type check"
    npm run -s typecheck >&2
    log "lint"
    npm run -s lint >&2
    log "unit tests"
    npm run -s test
fi
log "build"
npm run -s build >&2
