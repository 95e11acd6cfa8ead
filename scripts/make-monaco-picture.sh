#!/usr/bin/env bash
# Rebuilds docs/img/monaco-rings.svg from an OpenStreetMap extract of Monaco (not shipped with
# the project). Usage: scripts/make-monaco-picture.sh path/to/monaco.osm.pbf
set -euo pipefail
cd "$(dirname "$0")/.."
pbf="${1:?usage: $0 path/to/monaco.osm.pbf}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node bin/xunfang.js import-osm "$pbf" --out "$tmp/monaco" > /dev/null
node bin/run-ts.js scripts/render-rings.ts "$tmp/monaco" --from 7.42142,43.73653 --at 08:00 \
  --out docs/img/monaco-rings.svg --width 900 \
  --title "Monaco: 1/3/5-minute rings of a patrol car at 08:00 (La Condamine)" \
  --attribution "Map data © OpenStreetMap contributors (ODbL)"
