// Render CSL-JSON items with citeproc-js (npm "citeproc", pinned in package.json), the reference
// CSL processor used by Zotero and Mendeley, for tests/test_exports.py's parity test.
// Usage: node tests/citeproc_render.js ITEMS.json STYLE.csl LOCALES_DIR [ID...]
// Prints JSON {"bibliography": {id: html, ...}, "order": [id, ...], "citations": {id: html, ...}}:
// each entry of the bibliography of all items (or of the given ids), and each item cited alone.
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

const [itemsPath, stylePath, localesDir, ...ids] = process.argv.slice(2);
const items = Object.fromEntries(JSON.parse(fs.readFileSync(itemsPath, "utf8")).map((item) => [item.id, item]));
const sys = {
  retrieveLocale: (lang) => {
    const file = path.join(localesDir, `locales-${lang}.xml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : false;
  },
  retrieveItem: (id) => items[id],
};
const style = fs.readFileSync(stylePath, "utf8");
const engine = new CSL.Engine(sys, style, "en-US", true);
const wanted = ids.length ? ids : Object.keys(items);
engine.updateItems(wanted);
const [params, entries] = engine.makeBibliography();
const bibliography = {};
params.entry_ids.forEach((entryIds, i) => { bibliography[entryIds[0]] = entries[i].trim(); });
const citations = {};
for (const id of wanted) citations[id] = engine.makeCitationCluster([{ id }]);
process.stdout.write(JSON.stringify({ bibliography, order: params.entry_ids.map((e) => e[0]), citations }));
