#!/usr/bin/env bash
# Proof that a database made by an older commit migrates to this code with no data loss and no
# table copied (docs/decisions/0009):
#   1. export the old tree (default: the `main` branch) and, in a scratch database, run its
#      migrations, its demo seeder and a few rows for every model that moves app;
#   2. count the rows of every table and remember each table's identity (its oid);
#   3. migrate the same database with this code;
#   4. compare: same tables, same oids (nothing recreated), same row counts; the moved models'
#      content types carry the new labels; `sqlmigrate` of the move prints no DDL.
# Usage: scripts/check_migration_keeps_rows.sh [old-ref] [profiles]   (needs .env loaded)
set -euo pipefail
cd "$(dirname "$0")/.."
OLD_REF=${1:-main}
PROFILES=${2:-200}
PY=$PWD/.venv/bin/python
PROOF_DB=${EPOP_PROOF_DB:-epop_restructure_proof}
BASE_URL=${DATABASE_URL%/*}
export DATABASE_URL="$BASE_URL/$PROOF_DB"
export DJANGO_SETTINGS_MODULE=epop.settings.dev
# A relative folder of reference data (.env's default) must still be found from the old tree.
if [ -n "${EPOP_TERRITORIES_SOURCE:-}" ] && [ -d "$EPOP_TERRITORIES_SOURCE" ]; then
  EPOP_TERRITORIES_SOURCE=$(realpath "$EPOP_TERRITORIES_SOURCE")
  export EPOP_TERRITORIES_SOURCE
fi
OLD_TREE=$(mktemp -d)
trap 'rm -rf "$OLD_TREE"' EXIT

PSQL_URL=postgresql://${BASE_URL#*://}
psql_admin() { psql "$PSQL_URL/postgres" -v ON_ERROR_STOP=1 -qAt -c "$1"; }
psql_proof() { psql "$PSQL_URL/$PROOF_DB" -v ON_ERROR_STOP=1 -qAt -c "$1"; }

echo "==> old tree: $OLD_REF ($(git rev-parse --short "$OLD_REF"))"
git archive "$OLD_REF" | tar -x -C "$OLD_TREE"
psql_admin "DROP DATABASE IF EXISTS $PROOF_DB"
psql_admin "CREATE DATABASE $PROOF_DB"

echo "==> old code: migrate, territories, demo ($PROFILES profiles), rows of the moving models"
(
  cd "$OLD_TREE"
  "$PY" manage.py migrate --noinput -v 0
  "$PY" manage.py load_territories -v 0
  "$PY" manage.py seed_demo --profiles "$PROFILES" -v 0 >/dev/null
  "$PY" manage.py shell -c "$(cat "$OLDPWD/scripts/migration_proof_rows.py")"
)

count_rows() {
  psql_proof "SELECT c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1" |
  while IFS='|' read -r table oid; do
    echo "$table $oid $(psql_proof "SELECT count(*) FROM \"$table\"")"
  done
}
BEFORE=$(count_rows | grep -v '^django_migrations ')

echo "==> new code: migrate"
"$PY" manage.py migrate --noinput -v 0
AFTER=$(count_rows | grep -v '^django_migrations ')

status=0
if [ "$BEFORE" != "$AFTER" ]; then
  echo "FAIL: tables, oids or row counts changed:"
  diff <(echo "$BEFORE") <(echo "$AFTER") || true
  status=1
else
  echo "OK: $(echo "$AFTER" | wc -l) tables, same oids, same row counts"
fi
echo "$AFTER" | awk '$1 ~ /^directory_(contact|alert|digest|need|sentreminder)/ {print "   ", $1, $3, "rows"}'

echo "==> content types of the moved models"
psql_proof "SELECT app_label, count(*) FROM django_content_type
            WHERE model IN ('contactrequest','contactmessage','contactreport','contactblock',
            'contactreminder','alert','digest','alertmatch','need','needmatch','needresponse',
            'sentreminder') GROUP BY 1 ORDER BY 1" | sed 's/^/    /'
left=$(psql_proof "SELECT count(*) FROM django_content_type WHERE app_label = 'directory'
                   AND model IN ('contactrequest','alert','need','sentreminder')")
if [ "$left" != 0 ]; then echo "FAIL: content types left under 'directory'"; status=1; fi
psql_proof "SELECT 'admin log entries on contact requests: ' || count(*) FROM django_admin_log l
            JOIN django_content_type t ON t.id = l.content_type_id
            WHERE t.app_label = 'contacts'" | sed 's/^/    /'

echo "==> sqlmigrate of the move (must print no DDL)"
ddl=0
for migration in "directory 0007" "contacts 0001" "alerts 0001" "notifications 0002"; do
  # shellcheck disable=SC2086
  if "$PY" manage.py sqlmigrate $migration | grep -Eiq '^\s*(CREATE|ALTER|DROP|INSERT|UPDATE|DELETE)'; then
    echo "FAIL: sqlmigrate $migration prints SQL"; ddl=1
  else
    echo "    sqlmigrate $migration: no DDL"
  fi
done
[ "$ddl" = 0 ] || status=1

psql_admin "DROP DATABASE IF EXISTS $PROOF_DB"
[ "$status" = 0 ] && echo "PASS" || echo "FAIL"
exit "$status"
