import { defineConfig } from 'vitest/config';

// Lets the package's tests run alone (`cd packages/schema && npx vitest run`), without the
// workspace's database set-up.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
