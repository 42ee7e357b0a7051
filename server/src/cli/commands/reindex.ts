import { countPages } from '../../search/documents.ts';
import { createSearchBackend } from '../../search/create-backend.ts';
import { reindexAll } from '../../search/reindex.ts';
import { openForCli } from '../open.ts';
import { Progress } from '../progress.ts';

/** `pnpm stafette reindex`: rebuilds the search index from every live page. */
export async function reindex(): Promise<void> {
  const { config, database } = await openForCli();
  try {
    const { backend } = createSearchBackend(database.db, config);
    const progress = new Progress(`Reindexing (${backend.name})`, await countPages(database.db));
    const started = Date.now();
    const total = await reindexAll(database.db, backend, (n) => progress.tick(n));
    progress.finish();
    console.log(`Indexed ${total} pages in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    await backend.close?.();
  } finally {
    await database.close();
  }
}
