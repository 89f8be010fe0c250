// A bench runs on each chosen database in turn: a fresh one each time, removed afterwards, and a
// run that fails does not stop the runs on the other databases.
import { postgresAnswers, postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase, type Provider } from './bench-database';

/** A fresh database; null (and said so) when PostgreSQL is wanted but nothing is there to run it. */
export async function openBenchDatabase(provider: Provider): Promise<BenchDatabase | null> {
  if (provider === 'sqlite') return sqliteBenchDatabase();
  if (!(await postgresAnswers())) {
    console.log('\nPostgreSQL: skipped, nothing answers on 127.0.0.1:5432.');
    return null;
  }
  return postgresBenchDatabase();
}

/** `run` answers whether its figures passed; true only if every run passed and none threw. */
export async function runOnEachDatabase(providers: Provider[], run: (database: BenchDatabase) => Promise<boolean>): Promise<boolean> {
  let passed = true;
  for (const provider of providers) {
    const database = await openBenchDatabase(provider);
    if (!database) continue;
    try {
      if (!(await run(database))) passed = false;
    } catch (error) {
      passed = false;
      console.error(`\n${provider}: the benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      await database.close().catch((error: unknown) => console.warn(`could not remove the ${provider} bench database: ${String(error)}`));
    }
  }
  return passed;
}
