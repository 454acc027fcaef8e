// Second opinion from Microsoft's own validator: validates a Teams manifest with the npm package
// @microsoft/app-manifest, which bundles the official JSON schemas (json-schemas/teams/v1.x) and so works offline.
// Usage: node appPackage/tools/validate-with-app-manifest.mjs <manifest.json or app package .zip's extracted manifest>
// Prints one JSON line {"errors":[...]} and exits 0 when valid, 1 when not, 2 when it cannot run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const manifestPath = process.argv[2];
if (!manifestPath) {
  console.error("usage: validate-with-app-manifest.mjs <manifest.json>");
  process.exit(2);
}
// Refuse the network: the check must prove the schema comes from the package, not from the web.
globalThis.fetch = async (url) => {
  throw new Error(`network access attempted: ${url}`);
};
try {
  const { AppManifestUtils } = require("@microsoft/app-manifest");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const errors = await AppManifestUtils.validateAgainstSchema(manifest);
  console.log(JSON.stringify({ errors }));
  process.exit(errors.length === 0 ? 0 : 1);
} catch (e) {
  console.error(String(e?.stack ?? e));
  process.exit(2);
}
