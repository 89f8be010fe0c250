import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './processes';

/** The Node options `npm run start:built` gives the server (its heap limits). */
export function productionNodeOptions(): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts['start:built'] ?? '').split(/\s+/).filter((arg) => arg.startsWith('--'));
}

/**
 * Compiles the server from the sources being measured, as `npm run build` does: into dist/ itself
 * when no folder is given, or into a folder of the bench's own under dist/ (so it never
 * overwrites a build another run is using). Returns the entry point.
 */
export function buildServer(folder?: string): string {
  const outDir = folder === undefined ? path.join(PROJECT_ROOT, 'dist') : path.join(PROJECT_ROOT, 'dist', folder);
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json'), '--outDir', outDir], { stdio: 'inherit' });
  return path.join(outDir, 'src', 'index.js');
}
