#!/usr/bin/env bash
# Installs and starts everything the platform needs on a Debian-like machine, idempotently:
# system packages (PostGIS, GDAL, Redis, Chromium, Node), PostgreSQL role and database, a Python
# 3.12+ virtual environment managed by uv, and the front-end assets from npm.
# Safe to rerun: each step checks before it acts, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Environment file -----------------------------------------------------------------------
if [ ! -f .env ]; then
  say "Création de .env depuis .env.example"
  cp .env.example .env
fi
# .env fills in what the environment does not set (as in the Makefile).
saved="$(export -p | grep -v '^declare -[a-zA-Z]*r' || true)"; set -a; . ./.env; set +a; eval "$saved"

# --- System packages --------------------------------------------------------------------------
need_pkgs=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
pg_major=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1 || true)
[ -n "$pg_major" ] || need_pkgs+=(postgresql)
[ -n "$pg_major" ] && ! have_pkg "postgresql-$pg_major-postgis-3" && need_pkgs+=("postgresql-$pg_major-postgis-3")
[ -z "$pg_major" ] && need_pkgs+=(postgresql-postgis)
have_pkg gdal-bin || need_pkgs+=(gdal-bin)
# WeasyPrint renders the tagged PDFs through Pango; pandoc writes the DOCX and ODT copies.
have_pkg libpango-1.0-0 || need_pkgs+=(libpango-1.0-0)
have_pkg libpangoft2-1.0-0 || need_pkgs+=(libpangoft2-1.0-0)
have_pkg fonts-dejavu-core || need_pkgs+=(fonts-dejavu-core)
command -v pandoc >/dev/null || need_pkgs+=(pandoc)
command -v redis-server >/dev/null || need_pkgs+=(redis-server)
command -v node >/dev/null || need_pkgs+=(nodejs npm)
if [ "${EPOP_NEED_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null || need_pkgs+=(chromium)
fi
if [ ${#need_pkgs[@]} -gt 0 ]; then
  say "Installation des paquets Debian : ${need_pkgs[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# --- Services ---------------------------------------------------------------------------------
if ! pg_isready -q -h 127.0.0.1 -p "${PGPORT_LOCAL:-5432}"; then
  say "Démarrage de PostgreSQL"
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -n | tail -1)" main start
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  say "Démarrage de Redis"
  as_root redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/epop-redis.log
  for _ in $(seq 30); do redis-cli ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

# --- Database role and database ---------------------------------------------------------------
# The role is created through the postgres system account, which works with both the "peer" and
# the "trust" authentication that Debian configures; the application then connects over TCP with
# a password, which both configurations accept. The role is a superuser on this local cluster
# only, because the test runner must create a database with the postgis extension.
# The database is described once, by DATABASE_URL (.env): its user, password and name are read
# from it (with the system python3, which the bootstrap may run before .venv exists).
read -r db_user db_password db_name < <(python3 - <<'PY'
import os
from urllib.parse import unquote, urlsplit

url = urlsplit(os.environ.get("DATABASE_URL") or "postgis://epop:epop@127.0.0.1:5432/epop")
print(unquote(url.username or "epop"), unquote(url.password or "epop"), url.path.strip("/") or "epop")
PY
)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
if ! as_postgres psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='$db_user'" | grep -q 1; then
  say "Création du rôle PostgreSQL $db_user"
  as_postgres psql -q -c "CREATE ROLE \"$db_user\" LOGIN SUPERUSER PASSWORD '$db_password'"
fi
if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='$db_name'" | grep -q 1; then
  say "Création de la base $db_name"
  as_postgres createdb -O "$db_user" "$db_name"
fi

# --- Python environment -----------------------------------------------------------------------
# uv must use an installed interpreter (these machines cannot download one); only when no 3.12+
# exists at all is it allowed to fetch one.
UV=$(command -v uv 2>/dev/null || true)
if [ -z "$UV" ] || ! "$UV" --version >/dev/null 2>&1; then
  if [ ! -x .tools/bin/uv ]; then
    say "Installation de uv dans .tools/"
    python3 -m venv .tools 2>/dev/null || { as_root apt-get install -y -qq python3-venv >/dev/null; python3 -m venv .tools; }
    .tools/bin/pip install -q uv
  fi
  UV=$PWD/.tools/bin/uv
fi
find_python() {
  local c
  for c in python3.14 python3.13 python3.12 "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 \
           /usr/bin/python3.1[2-9] /usr/local/bin/python3.1[2-9] python3; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      "$c" -c 'import sys; print(sys.executable)'; return 0
    fi
  done
  return 1
}
if py=$(find_python); then
  export UV_PYTHON_DOWNLOADS=never UV_PYTHON="$py"
else
  say "Aucun Python 3.12+ installé : uv va en télécharger un"
  export UV_PYTHON_DOWNLOADS=automatic UV_PYTHON=3.12
fi
say "Environnement Python (uv sync, $UV_PYTHON)"
"$UV" sync --frozen --quiet ${EPOP_UV_SYNC_ARGS:-}

# --- Front-end assets -------------------------------------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Paquets npm"
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p var
