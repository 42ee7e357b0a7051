import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './server-process.ts';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl as the `postgres` user), for faults
 * the machine's shared server must never see: stopping it, cutting every connection.
 */
export interface OwnPostgres {
  url: string;
  start(): void;
  /** `immediate` is a crash from the clients' point of view; `fast` a clean shutdown. */
  stop(mode?: 'fast' | 'immediate'): void;
  /** Ends every connection to the test database except the caller's. */
  terminateBackends(): Promise<number>;
  destroy(): void;
}

const asRoot = process.getuid?.() === 0;

function pgCommand(command: string, args: string[]): void {
  const full = ['/usr/local/bin', '/usr/lib/postgresql/15/bin'].map((dir) => path.join(dir, command)).find((p) => fs.existsSync(p)) ?? command;
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' });
  else execFileSync(full, args, { stdio: 'pipe' });
}

export async function ownPostgres(): Promise<OwnPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-pg-'));
  if (asRoot) fs.chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = path.join(dir, 'data');
  const port = await freePort();
  pgCommand('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => pgCommand('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  start();
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };
  await admin('CREATE DATABASE stafette');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/stafette`,
    start,
    stop: (mode = 'immediate') => pgCommand('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']),
    terminateBackends: async () => Number((await admin("SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = 'stafette'"))[0].n),
    destroy() {
      try {
        pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
