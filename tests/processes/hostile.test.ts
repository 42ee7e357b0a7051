import net from 'node:net';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { startWithSpaceOwner } from '../support/seed.ts';
import { MAX_UPLOAD_BYTES } from '../../server/src/processes/upload.ts';
import { fixture, fixturesIn, importMultipart, importXml, multipart } from '../support/processes.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
const MB = 1024 * 1024;

const ERROR_FILES: Record<string, string> = {
  'bpmn-moddle/error/invalid-attributes.bpmn': 'bpmn-not-xml',
  'bpmn-moddle/error/not-bpmn.bpmn': 'bpmn-not-bpmn',
  'bpmn-moddle/error/xmlns-redeclaration.bpmn': 'bpmn-not-xml',
};

// Not BPMN as the standard writes it, but what a modelling tool may write: imported with warnings.
const LENIENT_ERROR_FILES = ['bpmn-moddle/error/undeclared-ns-child.bpmn', 'bpmn-moddle/error/unrecognized-child.bpmn'];

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE definitions [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<definitions xmlns="${BPMN_NS}" id="D" targetNamespace="x"><process id="P" name="&lol9;"><task id="T" name="&lol9;"/></process></definitions>`;

const externalEntity = `<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="${BPMN_NS}" id="D" targetNamespace="x"><process id="P" name="&xxe;"><task id="T" name="&xxe;"><documentation>&xxe;</documentation></task></process></definitions>`;

// No DOCTYPE: an XInclude in an extension element is ignored, never resolved.
const xinclude = `<?xml version="1.0"?>
<definitions xmlns="${BPMN_NS}" xmlns:xi="http://www.w3.org/2001/XInclude" id="D" targetNamespace="x">
  <process id="P" name="XInclude"><extensionElements><xi:include href="file:///etc/passwd" parse="text"/></extensionElements><task id="T" name="Aufgabe"/></process>
</definitions>`;

function millionElements(): string {
  return `<?xml version="1.0"?><definitions xmlns="${BPMN_NS}" xmlns:x="urn:x" id="D" targetNamespace="x"><process id="P">` + '<x:a/>'.repeat(1_000_000) + '</process></definitions>';
}

function deepNesting(depth: number): string {
  return `<?xml version="1.0"?><definitions xmlns="${BPMN_NS}" xmlns:x="urn:x" id="D" targetNamespace="x">` + '<x:a>'.repeat(depth) + '</x:a>'.repeat(depth) + '</definitions>';
}

describe.each(backends)('hostile and broken BPMN uploads on %s', (backend) => {
  let t: TestApp;
  let owner: Client & { user: { id: string } };
  let spaceId: string;
  const processCount = async () => Number((await t.database.db.selectFrom('processes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Sicherheitsamt')));
  afterAll(() => t?.close());

  it('covers every file in error/', () => {
    expect([...Object.keys(ERROR_FILES), ...LENIENT_ERROR_FILES, 'bpmn-moddle/error/bad-encoding.bpmn'].sort()).toEqual(fixturesIn('bpmn-moddle/error'));
  });

  it.each(Object.entries(ERROR_FILES))('refuses %s with a clear 422 problem', async (file, slug) => {
    const before = await processCount();
    const res = await importMultipart(owner, spaceId, file.split('/').pop()!, fixture(file));
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.type).toBe(`urn:stafette:problem:${slug}`);
    expect(problem.detail.length).toBeGreaterThan(20);
    expect(problem.title).toMatch(/^The /);
    expect(await processCount()).toBe(before);
  });

  it.each(LENIENT_ERROR_FILES)('imports %s leniently: the unknown element is skipped with a warning on its line', async (file) => {
    const res = await importXml(owner, spaceId, fixture(file), file.split('/').pop());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().warnings).toEqual(expect.arrayContaining([expect.objectContaining({ line: 4 }), expect.objectContaining({ code: 'no-process' })]));
  });

  it('accepts bad-encoding.bpmn by design (ASCII declared windows-1252, empty definitions)', async () => {
    const res = await importXml(owner, spaceId, fixture('bpmn-moddle/error/bad-encoding.bpmn'), 'bad-encoding.bpmn');
    expect(res.statusCode).toBe(201);
    expect(res.json().steps).toEqual([]);
  });

  it('refuses a billion-laughs file at once, without expanding anything', async () => {
    const started = performance.now();
    const res = await importXml(owner, spaceId, billionLaughs);
    const elapsed = performance.now() - started;
    expect(res.statusCode).toBe(422);
    expect(res.json().type).toBe('urn:stafette:problem:bpmn-doctype-forbidden');
    expect(res.body).not.toContain('lol');
    // Generous: refusing must not depend on the expansion (which would take minutes and gigabytes).
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses an external entity to /etc/passwd and never returns its content', async () => {
    const before = await processCount();
    for (const res of [await importXml(owner, spaceId, externalEntity), await importMultipart(owner, spaceId, 'xxe.bpmn', externalEntity)]) {
      expect(res.statusCode).toBe(422);
      expect(res.json().type).toBe('urn:stafette:problem:bpmn-doctype-forbidden');
      expect(res.body).not.toContain('root:');
      expect(res.body).not.toContain('passwd');
    }
    expect(await processCount()).toBe(before);
    // An XInclude (no DTD needed) is just an unknown extension: imported, never resolved.
    const included = await importXml(owner, spaceId, xinclude);
    expect(included.statusCode).toBe(201);
    const stored = await owner.get(`/api/v1/processes/${included.json().id}`);
    expect(stored.body).not.toContain('root:');
  });

  it('keeps server memory bounded across every hostile upload', async () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    for (let i = 0; i < 3; i++) {
      await importXml(owner, spaceId, billionLaughs);
      await importXml(owner, spaceId, externalEntity);
      await importXml(owner, spaceId, millionElements());
      await importXml(owner, spaceId, deepNesting(100_000));
    }
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - rssBefore;
    console.log(`heap growth ${(grown / MB).toFixed(1)} MB, peak RSS growth ${(peakGrowth / MB).toFixed(1)} MB`);
    expect(grown).toBeLessThan(64 * MB);
    // The peak includes the test's own 6 MB strings and the import's decoded copy; expansion would be gigabytes.
    expect(peakGrowth).toBeLessThan(512 * MB);
  });
  it('refuses a 100 MB body with 413 before reading it, raw and multipart', async () => {
    const huge = Buffer.alloc(100 * MB, 0x20);
    huge.write(`<?xml version="1.0"?><definitions xmlns="${BPMN_NS}">`);
    const raw = await importXml(owner, spaceId, huge);
    expect(raw.statusCode).toBe(413);
    expect(raw.headers['content-type']).toContain('application/problem+json');
    expect(raw.json().type).toBe('urn:stafette:problem:bpmn-too-large');
    const form = multipart('riesig.bpmn', huge);
    const viaForm = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, form.body, { headers: { 'content-type': form.contentType } });
    expect(viaForm.statusCode).toBe(413);
    expect(viaForm.json().type).toBe('urn:stafette:problem:bpmn-too-large');
    // Strangers are turned away before any upload: anonymous 401, non-members 404.
    expect((await t.anonymous.post(`/api/v1/processes/import?spaceId=${spaceId}`, huge, { headers: { 'content-type': 'application/xml' } })).statusCode).toBe(401);
    const stranger = await t.userClient();
    expect((await importXml(stranger, spaceId, huge)).statusCode).toBe(404);
  });

  it('stops reading a streamed (chunked) upload at the limit and answers 413', async () => {
    const chunk = Buffer.alloc(MB, 0x20);
    chunk.write(`<?xml version="1.0"?><definitions xmlns="${BPMN_NS}">`);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const result = await rawImport({ 'transfer-encoding': 'chunked' }, frame, 100, '0\r\n\r\n', true);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).type).toBe('urn:stafette:problem:bpmn-too-large');
    // The server answered long before the client could send everything.
    expect(result.sent).toBeLessThan(100 * MB);
  });

  it('answers 413 to a client that reads only after sending its whole too-large body', async () => {
    // What a browser does with a large file: Content-Length up front, the whole body, then the answer.
    const megabytes = MAX_UPLOAD_BYTES / MB + 4;
    const chunk = Buffer.alloc(MB, 0x20);
    const result = await rawImport({ 'content-length': String(megabytes * MB) }, chunk, megabytes, '', false);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body).type).toBe('urn:stafette:problem:bpmn-too-large');
  });

  /**
   * Posts an import over a raw socket, `count` times `frame` then `trailer`. `readWhileSending`
   * false leaves the answer unread until everything is written, as a busy client would.
   */
  async function rawImport(extra: Record<string, string>, frame: Buffer, count: number, trailer: string, readWhileSending: boolean) {
    // Listening once is enough; the app closes with the suite.
    if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    return new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      let received = '';
      let finished = false;
      const socket = net.connect(port, '127.0.0.1');
      const finish = () => {
        if (finished) return;
        finished = true;
        socket.destroy();
        const match = /^HTTP\/1\.1 (\d{3})[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(received);
        if (!match) return reject(new Error(`no HTTP response after ${sent} bytes`));
        const body = match[2].includes('{') ? match[2].slice(match[2].indexOf('{'), match[2].lastIndexOf('}') + 1) : match[2];
        resolve({ status: Number(match[1]), body, sent });
      };
      socket.setEncoding('utf8');
      socket.on('data', (data) => {
        received += data;
        if (/\r\n\r\n[\s\S]*\}/.test(received)) finish();
      });
      if (!readWhileSending) socket.pause();
      // The server may close the connection while we still write, which must not hide the answer it sent before.
      socket.on('close', finish);
      socket.on('error', () => socket.resume());
      const headers = Object.entries({ ...owner.headers, 'content-type': 'application/xml', host: '127.0.0.1', ...extra })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      socket.write(`POST /api/v1/processes/import?spaceId=${spaceId} HTTP/1.1\r\n${headers}\r\n`);
      const pump = () => {
        while (!finished && !socket.destroyed && sent < count * frame.length) {
          sent += frame.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
        if (!finished && !socket.destroyed) socket.write(trailer, () => socket.resume());
      };
      pump();
    });
  }

  it('refuses a million elements and a 100,000-deep nesting fast', async () => {
    for (const [xml, slug] of [
      [millionElements(), 'bpmn-too-many-elements'],
      [deepNesting(100_000), 'bpmn-too-deep'],
    ] as const) {
      expect(Buffer.byteLength(xml)).toBeLessThan(20 * MB);
      const started = performance.now();
      const res = await importXml(owner, spaceId, xml);
      const elapsed = performance.now() - started;
      expect(res.statusCode).toBe(422);
      expect(res.json().type).toBe(`urn:stafette:problem:${slug}`);
      expect(elapsed).toBeLessThan(3000);
    }
  });

  it('refuses binary files, other XML and empty bodies as not BPMN', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    expect((await importMultipart(owner, spaceId, 'bild.png', png)).json().type).toBe('urn:stafette:problem:bpmn-not-xml');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>';
    expect((await importXml(owner, spaceId, svg)).json().type).toBe('urn:stafette:problem:bpmn-not-bpmn');
    const empty = await importXml(owner, spaceId, '');
    expect(empty.statusCode).toBe(422);
    expect(empty.json().type).toBe('urn:stafette:problem:bpmn-not-xml');
    const nul = `<?xml version="1.0"?><definitions xmlns="${BPMN_NS}" id="D" targetNamespace="x"><!-- \u0000 --></definitions>`;
    const withNul = await importXml(owner, spaceId, nul);
    expect(withNul.statusCode).toBe(422);
  });


});
