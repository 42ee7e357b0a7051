import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BpmnImportError, importBpmn, type BpmnImportErrorCode } from './index.ts';

const FIXTURES = new URL('../../../tests/fixtures/bpmn/', import.meta.url);
const fixture = (path: string): Buffer => readFileSync(new URL(path, FIXTURES));
const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
// The export is a factory-style constructor; fromXML lives on the instances' prototype.
const MODDLE_PROTOTYPE = Object.getPrototypeOf(new BpmnModdle()) as InstanceType<typeof BpmnModdle>;

async function refusal(input: Uint8Array | string, options?: Parameters<typeof importBpmn>[1]): Promise<BpmnImportError> {
  try {
    await importBpmn(input, options);
  } catch (error) {
    expect(error).toBeInstanceOf(BpmnImportError);
    return error as BpmnImportError;
  }
  throw new Error('expected the import to be refused');
}

/** The refusal of `input`, which must come before bpmn-moddle parses anything, and how much the heap grew meanwhile. */
async function refusalBeforeParsing(input: Uint8Array): Promise<{ error: BpmnImportError; heapGrowth: number }> {
  const parse = vi.spyOn(MODDLE_PROTOTYPE, 'fromXML');
  const heapBefore = process.memoryUsage().heapUsed;
  const error = await refusal(input);
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  expect(parse).not.toHaveBeenCalled();
  return { error, heapGrowth };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bpmn-moddle error cases', () => {
  const REFUSED: [string, BpmnImportErrorCode, RegExp][] = [
    ['not-bpmn.bpmn', 'not-bpmn', /not a BPMN 2\.0 model/],
    ['invalid-attributes.bpmn', 'not-xml', /not well-formed XML.*line 3/],
    ['xmlns-redeclaration.bpmn', 'not-xml', /not well-formed XML.*line 2/],
  ];

  it.each(REFUSED)('refuses error/%s as %s', async (file, code, message) => {
    const error = await refusal(fixture(`bpmn-moddle/error/${file}`));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    // Our messages never quote the file: none of its element or attribute names show up.
    expect(error.message).not.toMatch(/someElement|unrecognized>|\$a|process1|bizagi|xx/);
  });

  // What a modelling tool may write is imported leniently: the unknown element is skipped with a warning.
  it.each([
    ['unrecognized-child.bpmn', 'unknown-element'],
    ['undeclared-ns-child.bpmn', 'foreign-element'],
  ])('imports error/%s with a %s warning on line 4', async (file, code) => {
    const model = await importBpmn(fixture(`bpmn-moddle/error/${file}`));
    expect(model.warnings).toEqual([expect.objectContaining({ code, line: 4 }), expect.objectContaining({ code: 'no-process' })]);
  });

  // The one "error" file is an encoding edge case: a Windows-1252 declaration, which bpmn-moddle
  // alone cannot decode. We decode bytes ourselves, so it is a valid (empty) model.
  it('decodes error/bad-encoding.bpmn (windows-1252, empty definitions) instead of failing', async () => {
    const model = await importBpmn(fixture('bpmn-moddle/error/bad-encoding.bpmn'));
    expect(model).toMatchObject({ definitionsId: 'test', steps: [], warnings: [{ code: 'no-process', line: null }] });
  });
});

describe('hostile input', () => {
  const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<definitions xmlns="${BPMN_NS}"><process id="p" name="&lol9;"/></definitions>`;

  const XXE = `<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="${BPMN_NS}"><process id="p" name="&xxe;"><task id="t" name="&xxe;"/></process></definitions>`;

  it('refuses entity expansion (billion laughs) before parsing', async () => {
    const { error } = await refusalBeforeParsing(Buffer.from(BILLION_LAUGHS));
    expect(error.code).toBe('doctype-forbidden');
  });

  it('refuses an external entity to /etc/passwd without echoing anything', async () => {
    const { error } = await refusalBeforeParsing(Buffer.from(XXE));
    expect(error.code).toBe('doctype-forbidden');
    expect(error.message).not.toMatch(/passwd|root:|xxe|file:/);
  });

  it('refuses DTD markup anywhere, in any spelling, but not inside comments or CDATA', async () => {
    const late = `<definitions xmlns="${BPMN_NS}"><!ENTITY x "y"><process id="p"/></definitions>`;
    expect((await refusal(Buffer.from(late))).code).toBe('doctype-forbidden');
    const lower = `<!doctype definitions><definitions xmlns="${BPMN_NS}"/>`;
    expect((await refusal(Buffer.from(lower))).code).toBe('doctype-forbidden');
    const harmless = `<definitions xmlns="${BPMN_NS}"><!-- <!DOCTYPE x> --><process id="p"><documentation><![CDATA[<!ENTITY a "b">]]></documentation></process></definitions>`;
    const model = await importBpmn(Buffer.from(harmless));
    expect(model.processes[0].documentation).toBe('<!ENTITY a "b">');
  });

  it('refuses a 100 MB input by its size, without decoding or parsing it', async () => {
    const big = Buffer.alloc(100 * 1024 * 1024, 0x20);
    big.write(`<definitions xmlns="${BPMN_NS}">`, 0);
    const decode = vi.spyOn(TextDecoder.prototype, 'decode');
    const { error, heapGrowth } = await refusalBeforeParsing(big);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
    expect(error.code).toBe('too-large');
    expect(error.message).toBe('The file is 100.0 MB; process models may be at most 20.0 MB.');
    expect(decode).not.toHaveBeenCalled();
  });

  it('honours a custom size limit', async () => {
    const error = await refusal(fixture('miwg-reference/A.1.0.bpmn'), { maxBytes: 1000 });
    expect(error.code).toBe('too-large');
  });

  it('refuses a million-element input by counting before parsing, with bounded memory', async () => {
    const input = Buffer.from(`<definitions xmlns="${BPMN_NS}"><process id="p">${'<task/>'.repeat(1_000_000)}</process></definitions>`);
    const { error, heapGrowth } = await refusalBeforeParsing(input);
    expect(heapGrowth).toBeLessThan(50 * 1024 * 1024);
    expect(error.code).toBe('too-many-elements');
    expect(error.message).toBe('The file has more than 200000 XML elements, the most a process model may have.');
  });

  it('counts elements against a custom limit and ignores markup inside comments and CDATA', async () => {
    const xml = `<definitions xmlns="${BPMN_NS}"><!-- <a/><a/> --><process id="p"><documentation><![CDATA[<b/><b/>]]></documentation><task id="t"/></process></definitions>`;
    await expect(importBpmn(Buffer.from(xml), { maxElements: 4 })).resolves.toBeDefined();
    expect((await refusal(Buffer.from(xml), { maxElements: 3 })).code).toBe('too-many-elements');
  });

  it('refuses absurd nesting before parsing', async () => {
    const depth = 10_000;
    const input = Buffer.from(`<definitions xmlns="${BPMN_NS}">${'<subProcess>'.repeat(depth)}${'</subProcess>'.repeat(depth)}</definitions>`);
    expect((await refusalBeforeParsing(input)).error.code).toBe('too-deep');
  });
});

describe('hostile shapes the lenient pre-pass sees', () => {
  it('imports 150,000 foreign elements, each declaring namespaces, keeping 200 warnings', async () => {
    const many = Array.from({ length: 150_000 }, (_, i) => `<v${i % 7}:x xmlns:v${i % 7}="urn:v${i}" xmlns:w="urn:w"/>`).join('');
    const model = await importBpmn(Buffer.from(`<definitions xmlns="${BPMN_NS}" id="d"><process id="p">${many}<task id="t"/></process></definitions>`));
    expect(model.steps.map((s) => s.elementId)).toEqual(['t']);
    expect(model.warnings).toHaveLength(201);
  });

  it('refuses a tag with a 10 MB attribute-like token as not XML', async () => {
    const junk = 'a'.repeat(10 * 1024 * 1024);
    expect((await refusal(Buffer.from(`<definitions xmlns="${BPMN_NS}" id="d"><process id="p"><task ${junk}/></process></definitions>`))).code).toBe('not-xml');
  });

  it('imports 20,000 ids that are not XML names, each referenced, and keeps them as written', async () => {
    const n = 20_000;
    const tasks = Array.from({ length: n }, (_, i) => `<task id="${i} Schritt"/>`).join('');
    const flows = Array.from({ length: n - 1 }, (_, i) => `<sequenceFlow id="${i} Fluss" sourceRef="${i} Schritt" targetRef="${i + 1} Schritt"/>`).join('');
    const model = await importBpmn(Buffer.from(`<definitions xmlns="${BPMN_NS}" id="d"><process id="p">${tasks}${flows}</process></definitions>`));
    expect(model.steps).toHaveLength(n);
    expect(model.flows[n - 2]).toMatchObject({ elementId: `${n - 2} Fluss`, sourceId: `${n - 2} Schritt`, targetId: `${n - 1} Schritt` });
  });
});

describe('broken or foreign input', () => {
  it.each([
    ['empty', '', 'not-xml'],
    ['plain text', 'Prozess: Antrag prüfen', 'not-xml'],
    ['HTML', '<html><body>hi</body></html>', 'not-bpmn'],
    ['BPMN root in the wrong namespace', '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/DI"/>', 'not-bpmn'],
    ['prefixed root with undeclared prefix', '<bpmn:definitions/>', 'not-bpmn'],
    ['truncated file', `<definitions xmlns="${BPMN_NS}"><process id="p"><task id="t">`, 'not-xml'],
    ['mismatched tags', `<definitions xmlns="${BPMN_NS}"><process id="p"></task></definitions>`, 'not-xml'],
    ['unterminated comment', `<definitions xmlns="${BPMN_NS}"><!-- oops`, 'not-xml'],
    ['attribute without value', `<definitions xmlns="${BPMN_NS}"><process id="p" isExecutable/></definitions>`, 'not-xml'],
    ['text after the root element', `<definitions xmlns="${BPMN_NS}"/>trailing`, 'not-xml'],
  ] as const)('refuses %s as %s', async (_label, xml, code) => {
    expect((await refusal(Buffer.from(xml))).code).toBe(code);
  });

  it('refuses binary uploads as not XML', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe]);
    expect((await refusal(png)).code).toBe('not-xml');
  });

  it('keeps vendor extensions working', async () => {
    const xml = `<bpmn:definitions xmlns:bpmn="${BPMN_NS}" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" camunda:x="1">
      <bpmn:process id="p" camunda:versionTag="2"><bpmn:extensionElements><camunda:properties><camunda:property name="a" value="b"/></camunda:properties></bpmn:extensionElements>
      <bpmn:userTask id="t" camunda:assignee="x"/></bpmn:process></bpmn:definitions>`;
    expect((await importBpmn(Buffer.from(xml))).steps).toHaveLength(1);
  });
});

describe('encodings', () => {
  const doc = (encoding: string, name: string): string =>
    `<?xml version="1.0" encoding="${encoding}"?>\n<definitions xmlns="${BPMN_NS}" id="d"><process id="p" name="${name}"><userTask id="t" name="${name}"/></process></definitions>`;

  it('decodes an ISO-8859-1 file with umlauts (MIWG C.1.0 re-encoded)', async () => {
    const utf8 = fixture('miwg-reference/C.1.0.bpmn').toString('utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const latin1 = Buffer.from(utf8, 'latin1');
    expect(latin1.length).toBeLessThan(Buffer.byteLength(utf8));
    const model = await importBpmn(latin1);
    expect(model.steps.find((s) => s.elementId === 'reviewInvoice')?.name).toBe('Rechnung klären');
    expect(model.steps).toHaveLength(21);
  });

  it('decodes a windows-1252 file with curly quotes, dash and euro sign', async () => {
    const name = 'Gebühr „Eilt“ – 5 €';
    // windows-1252 bytes: „ 0x84, “ 0x93, – 0x96, € 0x80; ü is 0xFC as in Latin-1.
    const map: Record<string, number> = { '„': 0x84, '“': 0x93, '–': 0x96, '€': 0x80 };
    const encoded = Uint8Array.from([...doc('windows-1252', name)].map((c) => map[c] ?? c.charCodeAt(0)));
    expect(encoded.every((byte) => byte < 0x100)).toBe(true);
    const model = await importBpmn(encoded);
    expect(model.name).toBe(name);
    expect(model.steps[0].name).toBe(name);
  });

  it('handles a UTF-8 byte-order mark, also on text input', async () => {
    const text = doc('UTF-8', 'Prüfen');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect((await importBpmn(withBom)).name).toBe('Prüfen');
    expect((await importBpmn('\uFEFF' + text)).name).toBe('Prüfen');
  });

  it('decodes UTF-16 with a byte-order mark', async () => {
    const text = doc('UTF-16', 'Prüfen');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await importBpmn(utf16)).name).toBe('Prüfen');
  });

  it('refuses a file that declares UTF-8 but is Latin-1, and unknown encodings', async () => {
    const lying = Buffer.from(doc('UTF-8', 'Prüfen'), 'latin1');
    const error = await refusal(lying);
    expect(error.code).toBe('bad-encoding');
    expect(error.message).toMatch(/not valid UTF-8/);
    expect((await refusal(Buffer.from(doc('x-klingon-7', 'a')))).code).toBe('bad-encoding');
  });
});
