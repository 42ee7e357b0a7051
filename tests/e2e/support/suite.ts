import { afterAll, beforeAll } from 'vitest';
import type { Backend } from '../../support/databases.ts';
import { launchBrowser, type LaunchedBrowser } from './browser.ts';
import { startE2EServer, type E2EServer } from './server.ts';

/**
 * The real server and Chromium for one test file: started before its tests and closed after
 * them. A file's own `beforeAll` registered afterwards runs once both are up; its own
 * `afterAll` runs before they close.
 */
export function browserSuite(backend: Backend, ready: (server: E2EServer, chromium: LaunchedBrowser) => void): void {
  let server: E2EServer | undefined;
  let chromium: LaunchedBrowser | undefined;
  beforeAll(async () => {
    server = await startE2EServer(backend);
    chromium = await launchBrowser();
    ready(server, chromium);
  });
  afterAll(async () => {
    await chromium?.close();
    await server?.close();
  });
}
