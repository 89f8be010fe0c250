// The admin CLI: `npm run lantern -- <command> [--option value]`. Uses DATABASE_URL like the
// server, migrating first so it works on a brand-new database too.
import { parseArgs } from 'node:util';
import { ZodError, type z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config';
import { applyMigrations } from '../db/migrations';
import { openDatabase } from '../db/open-database';
import { AppError } from '../lib/errors';
import { COMMANDS } from './commands';

type CommandName = keyof typeof COMMANDS;

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name} ${c.summary}`);
  return ['Usage: npm run lantern -- <command> [options]', '  migrate', ...lines].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  if (name !== 'migrate' && !Object.hasOwn(COMMANDS, name)) {
    console.error(`Unknown command "${name}".\n${usage()}`);
    return 1;
  }
  const config = loadConfig();
  const applied = await applyMigrations(config.database, { warn: (message) => console.error(message) });
  if (name === 'migrate') {
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  }
  const command = COMMANDS[name as CommandName];
  const { values } = parseArgs({ args: rest, options: optionSpec(command.options), strict: true });
  const options = command.options.parse(values);
  const { db, close } = openDatabase(config.database, { poolSize: 1 });
  try {
    await command.run({ db, print: (line) => console.log(line), readStdin }, options as never);
  } finally {
    await close();
  }
  return 0;
}

// Boolean flags are those whose schema accepts `true`; everything else takes a value.
function optionSpec(schema: z.ZodObject) {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, { type: field.safeParse(true).success ? ('boolean' as const) : ('string' as const) }]),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof AppError) console.error(error.message);
    else if (error instanceof ZodError) console.error(error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '));
    else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
