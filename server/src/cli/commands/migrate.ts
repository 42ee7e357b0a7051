import { migrateToLatest } from '../../db/migrate.ts';
import { openForCli } from '../open.ts';

export async function migrate(): Promise<void> {
  const { database } = await openForCli({ migrate: false });
  try {
    const applied = await migrateToLatest(database.db);
    console.log(applied.length ? `Applied ${applied.join(', ')}.` : 'The database is up to date.');
  } finally {
    await database.close();
  }
}
