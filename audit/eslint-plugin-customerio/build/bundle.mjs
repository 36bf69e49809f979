// Bundles the audit runner (ESLint's Linter, typescript-eslint's parser with TypeScript, and this plugin) into one
// CommonJS file that Node 18+ runs with no node_modules, plus the list of the packages inside it and their licenses.
//   node build/bundle.mjs [OUTFILE]      (default dist/cio-audit-eslint.js)
import { build } from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = resolve(process.argv[2] || join(root, 'dist', 'cio-audit-eslint.js'));
mkdirSync(dirname(outfile), { recursive: true });

const result = await build({
  entryPoints: [join(root, 'runner', 'audit-runner.js')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: true,
  legalComments: 'eof',
  metafile: true,
  // ESLint loads jiti only to read eslint.config.ts files; the Linter used here never does
  external: ['jiti', 'jiti/package.json'],
  logLevel: 'warning',
  outfile,
});

// The packages in the bundle, with versions and licenses, next to it.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (!m || packages.has(m[1])) continue;
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', m[1], 'package.json'), 'utf8'));
  packages.set(m[1], `${pkg.name} ${pkg.version} ${typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license)}`);
}
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeFileSync(outfile.replace(/\.js$/, '.packages.txt'), [`${own.name} ${own.version} ${own.license}`,
  ...[...packages.values()].sort()].join('\n') + '\n');
console.log(`bundled ${packages.size} packages into ${outfile}`);
