import { describe, expect, it } from 'vitest';
import { deviceCopy } from './device-copy.ts';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '999' } });

describe('deviceCopy', () => {
  it('takes strictly confidential entries out of nested lists and keeps the rest', async () => {
    const tree = [
      { id: 'a', title: 'Sondernutzung', classification: 'intern', children: [{ id: 'b', title: 'Anzeige Nachbar', classification: 'streng-vertraulich', children: [] }] },
      { id: 'c', title: 'Personalakte', classification: 'streng-vertraulich', children: [] },
    ];
    const copy = await deviceCopy({ response: json(tree) });
    expect(await copy!.json()).toEqual([{ id: 'a', title: 'Sondernutzung', classification: 'intern', children: [] }]);
    expect(copy!.headers.get('content-length')).toBeNull();
  });

  it('keeps nothing of an answer about a strictly confidential page itself, and leaves other bodies alone', async () => {
    expect(await deviceCopy({ response: json({ id: 'b', classification: 'streng-vertraulich' }) })).toBeNull();
    const image = new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } });
    expect(await deviceCopy({ response: image })).toBe(image);
  });
});
