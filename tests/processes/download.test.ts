import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { startWithSpaceOwner } from '../support/seed.ts';
import { importXml, multipart } from '../support/processes.ts';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** A model that any modeller accepts, carrying an XHTML script as an extension element. */
const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="Defs" targetNamespace="http://example.org/stafette">
  <bpmn:process id="Process_1" name="Gewerbeanmeldung" isExecutable="false">
    <bpmn:extensionElements>
      <script xmlns="http://www.w3.org/1999/xhtml">fetch('/api/v1/users', { method: 'POST' })</script>
    </bpmn:extensionElements>
    <bpmn:startEvent id="Start" name="Antrag eingegangen"/>
    <bpmn:userTask id="Pruefen" name="Antrag prüfen"/>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Pruefen"/>
  </bpmn:process>
</bpmn:definitions>
`;

function expectSandboxedDownload(res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  const csp = String(res.headers['content-security-policy']).split(';').map((d) => d.trim());
  expect(csp).toContain('sandbox');
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("frame-ancestors 'none'");
}

describe.each(backends)('stored BPMN files are served as sandboxed downloads on %s', (backend) => {
  let t: TestApp;
  let owner: Client;
  let spaceId: string;

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Ordnungsamt', 'Prozessverantwortliche')));
  afterAll(() => t?.close());

  it('a model with an XHTML <script> imports, and downloads as an attachment that cannot run it on our origin', async () => {
    const created = await importXml(owner, spaceId, HOSTILE, 'Gewerbe.bpmn');
    expect(created.statusCode, created.body).toBe(201);
    const res = await owner.get(`/api/v1/processes/${created.json().id}/bpmn`);
    expectSandboxedDownload(res);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Gewerbe.bpmn"; filename*=UTF-8''Gewerbe.bpmn`);
    expect(res.headers['x-process-version']).toBe('1');
    // The bytes are the stored model, unchanged: scripts and the modeller read them as before.
    expect(res.body).toBe(HOSTILE);
  });

  it('names a download after the process when the upload had no file name, and every version is sandboxed', async () => {
    const created = await importXml(owner, spaceId, HOSTILE);
    const id = created.json().id;
    const { body, contentType } = multipart('Ablauf: <neu>?.xml', HOSTILE.replace('Antrag prüfen', 'Antrag prüfen (2)'));
    expect((await owner.post(`/api/v1/processes/${id}/versions`, body, { headers: { 'content-type': contentType } })).statusCode).toBe(201);

    const first = await owner.get(`/api/v1/processes/${id}/bpmn?version=1`);
    expectSandboxedDownload(first);
    expect(first.headers['content-disposition']).toContain('filename="Gewerbeanmeldung.bpmn"');
    const second = await owner.get(`/api/v1/processes/${id}/bpmn`);
    expectSandboxedDownload(second);
    // Characters that file systems or the header refuse are replaced.
    expect(second.headers['content-disposition']).toContain(`filename="Ablauf_ _neu_.bpmn"`);
    expect(second.body).toContain('Antrag prüfen (2)');
  });
});
