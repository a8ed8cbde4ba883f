#!/usr/bin/env bash
# Copies the front-end assets installed by npm into static/vendor/ (not committed): the site
# serves them itself, so no page ever asks a CDN or any third-party host.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
dst=static/vendor
[ -d "$src" ] || npm ci --no-audit --no-fund --loglevel=error
if [ -f "$dst/.stamp" ] && [ "$dst/.stamp" -nt package-lock.json ]; then exit 0; fi
rm -rf "$dst"
mkdir -p "$dst"/{leaflet,markercluster,htmx,autocomplete,fonts/atkinson,fonts/opendyslexic}
cp "$src"/leaflet/dist/leaflet.js "$src"/leaflet/dist/leaflet.css "$dst/leaflet/"
cp -r "$src"/leaflet/dist/images "$dst/leaflet/"
cp "$src"/leaflet.markercluster/dist/leaflet.markercluster.js \
   "$src"/leaflet.markercluster/dist/MarkerCluster.css "$dst/markercluster/"
cp "$src"/htmx.org/dist/htmx.min.js "$dst/htmx/"
cp "$src"/accessible-autocomplete/dist/accessible-autocomplete.min.js \
   "$src"/accessible-autocomplete/dist/accessible-autocomplete.min.css "$dst/autocomplete/"
for weight in 400 700; do
  cp "$src"/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-$weight-normal.woff2 "$dst/fonts/atkinson/"
done
cp "$src"/@fontsource/opendyslexic/files/opendyslexic-latin-400-normal.woff2 "$dst/fonts/opendyslexic/"
cp "$src"/@fontsource/opendyslexic/files/opendyslexic-latin-700-normal.woff2 "$dst/fonts/opendyslexic/"
touch "$dst/.stamp"
echo "==> Ressources front copiées dans $dst"
