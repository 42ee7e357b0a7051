import { runDirectorySync } from '../../directory/sync.ts';
import { Problem } from '../../http/problem.ts';
import { openForCli } from '../open.ts';
import { Progress } from '../progress.ts';

/**
 * `pnpm stafette directory-sync`: one LDAP directory sync with a progress line, as the timer and
 * the admin screen run it. Deactivated people cannot sign in or use their tokens from then on;
 * a running server closes their collaboration sockets within seconds (directory/deactivation-watch.ts).
 */
export async function directorySyncCommand(): Promise<void> {
  const { config, database } = await openForCli();
  try {
    if (!config.ldap) throw new Error('No LDAP directory is configured (STAFETTE_LDAP_URL).');
    let progress: Progress | null = null;
    const result = await runDirectorySync({ db: database.db, ldap: config.ldap, directory: config.directory }, 'cli', (done, total) => {
      progress ??= new Progress('Directory sync', total);
      progress.tick();
      if (done === total) progress.finish();
    }).catch((err: unknown) => {
      throw err instanceof Problem ? new Error(err.detail ?? err.title) : err;
    });
    console.log(`Created ${result.created}, updated ${result.updated}, deactivated ${result.deactivated}.`);
    for (const error of result.errors) console.error(`  ${error}`);
    if (result.status === 'refused') process.exitCode = 3;
  } finally {
    await database.close();
  }
}
