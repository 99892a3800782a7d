// Runs before `npm start`: builds the dashboard when its bundle is missing or older than its
// sources, so `npm install && npm start` works on a fresh clone without a separate build step.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const built = path.join(root, 'dist/dashboard/index.html');
const sources = path.join(root, 'dashboard');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

if (!fs.existsSync(path.join(sources, 'index.html'))) process.exit(0);
if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(sources)) process.exit(0);
console.log('Building the dashboard (first start only)…');
execSync('npm run --silent build', { cwd: root, stdio: 'inherit' });
