import fs from 'node:fs';
import path from 'node:path';

/** The folder holding Lantern's package.json, whether running from src/ (tsx) or dist/. */
export function projectRoot(start = __dirname): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}
