// Builds src/main/resources/org/tearline/intake/extract/gazetteer.tsv (gzipped by build.sh)
// from GeoNames data as packaged on npm. See build.sh for how to run it and README.md for the
// licences. Output lines, tab-separated, sorted so the file is reproducible:
//   C  <ISO 3166-1 alpha-2>  <name>|<other name>...
//   P  <geonameid>  <name>  <country>  <admin1 code>  <population>  <lat>  <lon>  <feature code>
const path = require('path');
const cities = require(path.resolve(process.argv[2], 'index.js'));
const countries = require(path.resolve(process.argv[3], 'langs', 'en.json')).countries;
const minPopulation = Number(process.argv[4] || 15000);

const out = [];
for (const code of Object.keys(countries).sort()) {
    const names = [].concat(countries[code]).map(n => n.replace(/[\t|\n]/g, ' '));
    out.push(['C', code, names.join('|')].join('\t'));
}
const clean = s => String(s).replace(/[\t\n]/g, ' ');
cities
    .filter(c => c.population >= minPopulation && /^P/.test(c.featureCode || 'P'))
    .sort((a, b) => a.cityId - b.cityId)
    .forEach(c => out.push(['P', c.cityId, clean(c.name), c.country, clean(c.adminCode), c.population,
        c.loc.coordinates[1].toFixed(4), c.loc.coordinates[0].toFixed(4), c.featureCode].join('\t')));
process.stdout.write(out.join('\n') + '\n');
