// Parse an AsyncAPI document with the official parser; print every diagnostic as one JSON
// line and exit 1 when any has error severity (0). Usage: node validate-asyncapi.mjs FILE
import { readFile } from "node:fs/promises";
import { Parser } from "@asyncapi/parser";

const path = process.argv[2];
if (!path) {
  console.error("usage: node validate-asyncapi.mjs FILE");
  process.exit(2);
}
const parser = new Parser();
const { document, diagnostics } = await parser.parse(await readFile(path, "utf8"), {
  source: path,
});
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  console.log(JSON.stringify({ severity: d.severity, code: d.code, path: d.path, message: d.message }));
}
console.log(JSON.stringify({ parsed: document !== undefined, errors: errors.length, total: diagnostics.length }));
process.exit(document !== undefined && errors.length === 0 ? 0 : 1);
