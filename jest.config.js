/** Jest runs the TypeScript sources through SWC (type checking is `npm run typecheck`, its own step). */
module.exports = {
  testEnvironment: '<rootDir>/tests/env/ort-environment.js',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // ESM-only packages used by tests (three.js examples, three-vrm) are transpiled too.
  transformIgnorePatterns: ['/node_modules/(?!(three|@pixiv|meshoptimizer|property-graph|ktx-parse)/)'],
  testTimeout: 120000,
};
