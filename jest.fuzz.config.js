/**
 * Property-based fuzz suites (npm run test:fuzz): hostile input at every public endpoint of the
 * real service. Kept apart from `npm test` (they take minutes), one file at a time because each
 * starts the whole service and the machines running them are small.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config.js'),
  testMatch: ['**/*.fuzz.ts'],
  maxWorkers: 1,
  testTimeout: 180000,
};
