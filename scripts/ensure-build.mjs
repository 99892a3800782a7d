// Runs before `npm start`: builds the dashboard and the Messenger widget when a bundle is missing
// or older than its sources, so `npm install && npm start` works on a fresh clone without a
// separate build step.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');

function newest(p) {
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let t = 0;
  for (const entry of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, entry)));
  return t;
}

/** Each bundle with the sources it is built from. */
const bundles = [
  { built: 'dist/dashboard/index.html', sources: ['dashboard'] },
  { built: 'dist/widget/widget.js', sources: ['widget', 'contracts/messenger.ts', 'contracts/messenger-constants.ts'] },
];

const stale = bundles.some(({ built, sources }) => {
  const present = sources.map((s) => path.join(root, s)).filter((s) => fs.existsSync(s));
  if (present.length === 0) return false;
  const out = path.join(root, built);
  return !fs.existsSync(out) || fs.statSync(out).mtimeMs < Math.max(...present.map(newest));
});
if (!stale) process.exit(0);
console.log('Building the dashboard and the Messenger (first start only)…');
execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
