/**
 * Fault suites (npm run test:faults): the real server in a child process, killed, starved of its
 * database, and checked for nothing lost and nothing doubled. Kept apart from `npm test` (each
 * takes minutes), one file at a time (each starts real processes on a small machine).
 * LANTERN_TEST_DATABASE=postgresql runs them on PostgreSQL.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config.js'),
  testMatch: ['**/*.faults.ts'],
  maxWorkers: 1,
  testTimeout: 600000,
};
