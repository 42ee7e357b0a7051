import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import type { Client } from './test-app.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/bpmn/', import.meta.url));

export const fixture = (relative: string): Buffer => fs.readFileSync(path.join(FIXTURES, relative));

/** Fixture paths (relative to tests/fixtures/bpmn) of every .bpmn file under `dir`. */
export function fixturesIn(dir: string): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, dir), { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.bpmn'))
    .map((e) => `${dir}/${e.name}`)
    .sort();
}

/** Every model fixture that must import: MIWG references, bpmn-moddle edge cases (not `error/`) and the hand-made quirk files. */
export function importableFixtures(): string[] {
  return [...fixturesIn('miwg-reference'), ...fixturesIn('bpmn-moddle'), ...fixturesIn('bpmn-moddle/vendor'), ...fixturesIn('quirks')];
}

/** Posts XML as a raw application/xml body. */
export function importXml(client: Client, spaceId: string, xml: string | Buffer, fileName?: string): Promise<LightMyRequestResponse> {
  const query = new URLSearchParams({ spaceId, ...(fileName ? { fileName } : {}) });
  return client.post(`/api/v1/processes/import?${query}`, xml, { headers: { 'content-type': 'application/xml' } });
}

/** Posts a new version as a raw application/xml body. */
export function uploadVersion(client: Client, processId: string, xml: string | Buffer): Promise<LightMyRequestResponse> {
  return client.post(`/api/v1/processes/${processId}/versions`, xml, { headers: { 'content-type': 'application/xml' } });
}

/** A multipart/form-data body with one file field. */
export function multipart(fileName: string, content: Buffer | string, field = 'file'): { body: Buffer; contentType: string } {
  const boundary = `----stafette${Math.random().toString(16).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function importMultipart(client: Client, spaceId: string, fileName: string, content: Buffer | string) {
  const { body, contentType } = multipart(fileName, content);
  return client.post(`/api/v1/processes/import?spaceId=${spaceId}`, body, { headers: { 'content-type': contentType } });
}

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/**
 * A small hand-written model: a process with one lane set and the given tasks in a row
 * between a start and an end event. Ids are what the caller passes, so tests can rename them.
 */
export function linearModel(options: { name?: string | null; taskIds: string[]; processId?: string }): string {
  const { taskIds } = options;
  const name = options.name === null ? '' : ` name="${options.name ?? 'Antrag bearbeiten'}"`;
  const ids = ['Start', ...taskIds, 'End'];
  const nodes = [
    '<bpmn:startEvent id="Start" name="Antrag eingegangen"/>',
    ...taskIds.map((id) => `<bpmn:userTask id="${id}" name="Schritt ${id}"/>`),
    '<bpmn:endEvent id="End" name="Bescheid versandt"/>',
  ];
  const flows = ids.slice(1).map((target, i) => `<bpmn:sequenceFlow id="Flow_${i}" sourceRef="${ids[i]}" targetRef="${target}"/>`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<bpmn:definitions xmlns:bpmn="${BPMN_NS}" id="Defs" targetNamespace="http://example.org/stafette">\n` +
    `  <bpmn:process id="${options.processId ?? 'Process_1'}"${name} isExecutable="false">\n    ` +
    [...nodes, ...flows].join('\n    ') +
    `\n  </bpmn:process>\n</bpmn:definitions>\n`
  );
}

export const problemType = (res: LightMyRequestResponse): string => res.json().type;
