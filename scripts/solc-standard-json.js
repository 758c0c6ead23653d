// Reads a solc standard-JSON input on stdin and writes the output on stdout,
// resolving imports from the project root and node_modules.
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const root = path.resolve(__dirname, "..");
const searchRoots = [process.cwd(), root, path.join(root, ".tools/npm/node_modules")];

function findImports(p) {
  for (const base of searchRoots) {
    const full = path.isAbsolute(p) ? p : path.join(base, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, "utf8") };
  }
  return { error: "file not found: " + p };
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
