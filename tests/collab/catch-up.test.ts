import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { firstParagraphText } from '@stafette/schema';
import { buildApp } from '../../server/src/app.ts';
import { LoginLimiter } from '../../server/src/auth/login-limiter.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openPostgres } from '../../server/src/db/database.ts';
import { bodyText, RawClient, shortTimers, startCollabApp, storedDoc, syncFrame, waitFor } from '../support/collab.ts';
import { member, seedPage, seedSpace } from '../support/seed.ts';

/**
 * An instance that missed another's commits (no relay between them here, as when a Redis
 * message was lost) still takes a client's edit that builds on them: it reads the log again
 * before deciding, instead of refusing the edit as a gap.
 */
describe.runIf(process.env.DATABASE_URL)('an edit building on changes this instance missed', () => {
  it('is accepted after the document caught up from the log, and the client gets what it lacked', async () => {
    const a = await startCollabApp('postgres');
    const second = await openPostgres(a.database.url!);
    const b = await buildApp({ config: { ...loadConfig({}), clientDist: '/nonexistent' }, database: second, logger: false, loginLimiter: new LoginLimiter(), collab: shortTimers });
    let raw: RawClient | null = null;
    try {
      await b.listen({ port: 0, host: '127.0.0.1' });
      const spaceId = await seedSpace(a.database.db);
      const { client: editor } = await member(a, 'editor', spaceId);
      const { pageId } = await seedPage(a.database.db, { spaceId });
      // B has the page open (empty) before A writes to it.
      raw = await new RawClient(`ws://127.0.0.1:${(b.server.address() as { port: number }).port}/collab/${pageId}`, editor.headers.cookie!).ready();
      await a.app.collab.changeDocument(pageId, (doc) => firstParagraphText(doc).insert(0, 'Anfang'));

      // A client that has A's paragraph (from A, or from its own copy) types into it on B.
      const doc = await storedDoc(a.database.db, pageId);
      const before = Y.encodeStateVector(doc);
      firstParagraphText(doc).insert(6, ' und mehr');
      raw.send(syncFrame(2, Y.encodeStateAsUpdate(doc, before)));

      await waitFor(() => bodyText(doc) === 'Anfang und mehr', 1000, 'local edit');
      const onB = await b.collab.getDocument(pageId);
      await waitFor(() => bodyText(onB) === 'Anfang und mehr', 10_000, 'B caught up and took the edit');
      await b.collab.quiescent();
      expect(bodyText(await storedDoc(a.database.db, pageId))).toBe('Anfang und mehr');
      expect(raw.ws.readyState).toBe(raw.ws.OPEN);
      // The client was sent what B had lacked (A's paragraph) besides the greeting.
      const mirror = new Y.Doc();
      for (const frame of raw.received) {
        // Sync step 2 and updates: message type 0, sync type 1 or 2, then the update.
        if (frame[0] === 0 && (frame[1] === 1 || frame[1] === 2)) {
          const decoder = decoding.createDecoder(frame);
          decoding.readVarUint(decoder);
          decoding.readVarUint(decoder);
          Y.applyUpdate(mirror, decoding.readVarUint8Array(decoder));
        }
      }
      expect(bodyText(mirror)).toContain('Anfang');
    } finally {
      raw?.ws.close();
      await b.close();
      await second.close();
      await a.close();
    }
  }, 60_000);
});
