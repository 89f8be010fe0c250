import { execFile } from 'node:child_process';
import path from 'node:path';

export const projectRoot = path.resolve(__dirname, '../..');
const tsx = path.join(projectRoot, 'node_modules/.bin/tsx');

/** Runs a TypeScript entry point with tsx, as npm scripts do; resolves with its exit code and output. */
export function runTsx(
  script: string,
  args: string[] = [],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [script, ...args],
      { cwd: projectRoot, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
