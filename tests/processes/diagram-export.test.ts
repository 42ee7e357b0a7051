import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { startWithSpaceOwner } from '../support/seed.ts';
import { fixture, importXml } from '../support/processes.ts';

// SVG and PNG of the diagram, drawn by bpmn-js in the server's Chromium.
describe.each(backends)('diagram export on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;

  beforeAll(async () => ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Ordnungsamt')));
  afterAll(() => t?.close());

  it('draws the diagram as SVG and PNG, as downloads, and refuses a file without diagram', async () => {
    const processId = (await importXml(owner, spaceId, fixture('miwg-reference/C.1.0.bpmn'))).json().id;
    const svg = await owner.get(`/api/v1/processes/${processId}/export?format=svg`);
    expect(svg.statusCode, svg.body.slice(0, 300)).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.headers['content-disposition']).toMatch(/^attachment;/);
    expect(svg.headers['content-security-policy']).toContain('sandbox');
    expect(svg.body.slice(0, 300)).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    // Every task of the model is drawn with its label.
    for (const label of ['>Scan Invoice<', '>Archive<']) expect(svg.body.includes(label), label).toBe(true);
    expect(svg.body.includes('data-element-id="reviewInvoice"')).toBe(true);

    const png = await owner.get(`/api/v1/processes/${processId}/export?format=png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const bytes = png.rawPayload;
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const width = bytes.readUInt32BE(16);
    const height = bytes.readUInt32BE(20);
    expect(width).toBeGreaterThan(600);
    expect(height).toBeGreaterThan(200);

    const noDiagram = (await importXml(owner, spaceId, fixture('bpmn-moddle/local-ns-no-di.bpmn'))).json().id;
    const refused = await owner.get(`/api/v1/processes/${noDiagram}/export?format=svg`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().type).toBe('urn:stafette:problem:diagram-unavailable');
  }, 120_000);
});
