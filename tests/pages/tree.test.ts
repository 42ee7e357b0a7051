import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { createPage, createSpace, ownerWithSpace } from '../support/seed.ts';
import { allIds, shape, tree } from '../support/page-tree.ts';

describe.each(backends)('page tree on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('builds a deep tree and shows it nested in sibling order with breadcrumbs', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    let parent: string | null = null;
    const chain: string[] = [];
    for (let depth = 0; depth < 60; depth++) {
      parent = await createPage(owner, spaceId, `Ebene ${depth}`, parent);
      chain.push(parent);
    }
    const top = await createPage(owner, spaceId, 'Zweite Wurzel');
    const nodes = await tree(owner, spaceId);
    expect(nodes.map((n) => n.title)).toEqual(['Ebene 0', 'Zweite Wurzel']);
    let node = nodes[0]!;
    for (let depth = 1; depth < 60; depth++) {
      expect(node.children).toHaveLength(1);
      node = node.children[0]!;
      expect(node.title).toBe(`Ebene ${depth}`);
    }
    const deepest = (await owner.get(`/api/v1/pages/${chain.at(-1)}`)).json();
    expect(deepest.breadcrumbs.map((b: { id: string }) => b.id)).toEqual(chain.slice(0, -1));
    expect(deepest.permissions).toEqual({ canEdit: true, canManage: true, canExport: true });
    expect((await owner.get(`/api/v1/pages/${top}`)).json().breadcrumbs).toEqual([]);
  });

  it('moves across parents and reorders among siblings', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const a = await createPage(owner, spaceId, 'A');
    const b = await createPage(owner, spaceId, 'B');
    const c = await createPage(owner, spaceId, 'C');
    await createPage(owner, spaceId, 'A1', a);
    const a2 = await createPage(owner, spaceId, 'A2', a);
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: ['A1', 'A2'] }, 'B', 'C']);

    // Reorder at the top level.
    let res = await owner.post(`/api/v1/pages/${c}/move`, { parentId: null, position: 0 });
    expect(res.statusCode).toBe(200);
    expect(shape(await tree(owner, spaceId))).toEqual(['C', { A: ['A1', 'A2'] }, 'B']);
    // Across parents: A2 under B, then B (with A2) under A between A1 and nothing.
    res = await owner.post(`/api/v1/pages/${a2}/move`, { parentId: b, position: 0 });
    expect(res.json().parentId).toBe(b);
    expect(res.json().breadcrumbs.map((x: { title: string }) => x.title)).toEqual(['B']);
    res = await owner.post(`/api/v1/pages/${b}/move`, { parentId: a, position: 0 });
    expect(shape(await tree(owner, spaceId))).toEqual(['C', { A: [{ B: ['A2'] }, 'A1'] }]);
    // A position past the end appends.
    await owner.post(`/api/v1/pages/${c}/move`, { parentId: a, position: 99 });
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: [{ B: ['A2'] }, 'A1', 'C'] }]);
    // Moving within the same parent to a later index.
    await owner.post(`/api/v1/pages/${b}/move`, { parentId: a, position: 2 });
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: ['A1', 'C', { B: ['A2'] }] }]);
    // Positions stay dense.
    const positions = (await owner.get(`/api/v1/pages?spaceId=${spaceId}`)).json().filter((p: { parentId: string }) => p.parentId === a).map((p: { position: number }) => p.position).sort();
    expect(positions).toEqual([0, 1, 2]);
  });

  it('refuses moves that would create a cycle with 409 and leaves the tree unchanged', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const a = await createPage(owner, spaceId, 'A');
    const b = await createPage(owner, spaceId, 'B', a);
    const c = await createPage(owner, spaceId, 'C', b);
    for (const target of [a, b, c]) {
      const res = await owner.post(`/api/v1/pages/${a}/move`, { parentId: target, position: 0 });
      expect(res.statusCode).toBe(409);
      expect(res.json().type).toBe('urn:stafette:problem:page-move-cycle');
    }
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: [{ B: ['C'] }] }]);
  });

  it('refuses moves into another space and parents the caller cannot see', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const other = (await createSpace(owner, 'Andere')).id;
    const foreignOwner = await ownerWithSpace(t);
    const page = await createPage(owner, spaceId, 'P');
    const there = await createPage(owner, other, 'Q');
    const hidden = await createPage(foreignOwner.owner, foreignOwner.spaceId, 'Geheim');
    expect((await owner.post(`/api/v1/pages/${page}/move`, { parentId: there, position: 0 })).json().type).toBe('urn:stafette:problem:cross-space-move');
    expect((await owner.post(`/api/v1/pages/${page}/move`, { parentId: hidden, position: 0 })).statusCode).toBe(404);
  });

  it('archives a subtree, hides it from the tree, restores exactly what was archived with it', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const a = await createPage(owner, spaceId, 'A');
    const b = await createPage(owner, spaceId, 'B', a);
    const c = await createPage(owner, spaceId, 'C', b);
    const d = await createPage(owner, spaceId, 'D', a);
    await createPage(owner, spaceId, 'E');
    // D is archived on its own first; archiving A must not make restoring A bring D back.
    expect((await owner.post(`/api/v1/pages/${d}/archive`)).statusCode).toBe(200);
    const archived = await owner.post(`/api/v1/pages/${a}/archive`);
    expect(archived.json().archived).toBe(true);
    expect(archived.json().permissions).toEqual({ canEdit: false, canManage: true, canExport: true });
    expect(shape(await tree(owner, spaceId))).toEqual(['E']);
    for (const id of [a, b, c, d]) expect((await owner.get(`/api/v1/pages/${id}`)).json().archived).toBe(true);
    // Archived pages cannot be renamed, moved or given children.
    expect((await owner.patch(`/api/v1/pages/${b}`, { title: 'x' })).statusCode).toBe(409);
    expect((await owner.post(`/api/v1/pages/${b}/move`, { parentId: null, position: 0 })).statusCode).toBe(409);
    expect((await owner.post('/api/v1/pages', { spaceId, parentId: b, title: 'Kind' })).statusCode).toBe(409);
    // A child cannot be restored below its archived parent.
    expect((await owner.post(`/api/v1/pages/${c}/restore`)).json().type).toBe('urn:stafette:problem:parent-archived');

    const restored = await owner.post(`/api/v1/pages/${a}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: [{ B: ['C'] }] }, 'E']);
    expect((await owner.get(`/api/v1/pages/${d}`)).json().archived).toBe(true);
    // Restoring D puts it back where it was, after B.
    await owner.post(`/api/v1/pages/${d}/restore`);
    expect(shape(await tree(owner, spaceId))).toEqual([{ A: [{ B: ['C'] }, 'D'] }, 'E']);
  });

  it('deletes only archived pages, with their subtree', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const a = await createPage(owner, spaceId, 'A');
    const b = await createPage(owner, spaceId, 'B', a);
    expect((await owner.delete(`/api/v1/pages/${a}`)).json().type).toBe('urn:stafette:problem:page-not-archived');
    await owner.post(`/api/v1/pages/${a}/archive`);
    const archivedList = (await owner.get(`/api/v1/pages?spaceId=${spaceId}&archived=true`)).json();
    expect(archivedList.map((p: { id: string }) => p.id).sort()).toEqual([a, b].sort());
    expect((await owner.delete(`/api/v1/pages/${a}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/pages/${a}`)).statusCode).toBe(404);
    expect((await owner.get(`/api/v1/pages/${b}`)).statusCode).toBe(404);
  });

  it('accepts any Unicode title of 1 to 1000 characters, repeated titles too, and refuses others', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const long = '🏛'.repeat(1000);
    for (const title of ['Öffnungszeiten', 'Öffnungszeiten', 'שלום עולם', 'x', long, 'Straße 1 — „Zitat“']) {
      const res = await owner.post('/api/v1/pages', { spaceId, title });
      expect(res.statusCode).toBe(201);
      expect(res.json().title).toBe(title);
    }
    for (const title of ['', '   ', 'a'.repeat(1001)]) {
      const res = await owner.post('/api/v1/pages', { spaceId, title });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('keeps the tree a tree under many concurrent moves of the same pages', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await createPage(owner, spaceId, `S${i}`, i > 0 && i % 3 ? ids[i - 1]! : null));
    // Every page tries to move below every other; many of these would form cycles if they
    // interleaved. Deterministic pseudo-random order.
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const moves = Array.from({ length: 120 }, () => {
      const page = ids[Math.floor(rnd() * ids.length)]!;
      const parent = rnd() < 0.15 ? null : ids[Math.floor(rnd() * ids.length)]!;
      return owner.post(`/api/v1/pages/${page}/move`, { parentId: parent, position: Math.floor(rnd() * 4) });
    });
    const results = await Promise.all(moves);
    const statuses = new Set(results.map((r) => r.statusCode));
    expect([...statuses].every((s) => s === 200 || s === 409)).toBe(true);
    expect(results.filter((r) => r.statusCode === 200).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.statusCode === 409).length).toBeGreaterThan(0);
    const nodes = await tree(owner, spaceId);
    const seen = allIds(nodes);
    expect(seen.sort()).toEqual([...ids].sort());
    // Every page reachable from the top exactly once means no cycle and no lost page; also
    // check the stored parents agree and sibling positions are dense.
    const rows = await t.database.db.selectFrom('pages').select(['id', 'parent_id', 'position']).where('space_id', '=', spaceId).execute();
    const byParent = new Map<string | null, number[]>();
    for (const r of rows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r.position]);
    for (const positions of byParent.values()) expect(positions.sort((x, y) => x - y)).toEqual(positions.map((_, i) => i));
  });

  it('stays consistent when moves, creations, archiving and restoring race each other', async () => {
    const { owner, spaceId } = await ownerWithSpace(t);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await createPage(owner, spaceId, `R${i}`, i % 2 ? ids[i - 1]! : null));
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = () => ids[Math.floor(rnd() * ids.length)]!;
    const ops = Array.from({ length: 80 }, (_, i) => {
      const kind = rnd();
      if (kind < 0.5) return owner.post(`/api/v1/pages/${pick()}/move`, { parentId: rnd() < 0.2 ? null : pick(), position: Math.floor(rnd() * 3) });
      if (kind < 0.7) return owner.post('/api/v1/pages', { spaceId, parentId: pick(), title: `Neu ${i}` });
      if (kind < 0.85) return owner.post(`/api/v1/pages/${pick()}/archive`);
      return owner.post(`/api/v1/pages/${pick()}/restore`);
    });
    const results = await Promise.all(ops);
    // Refusals are conflicts (cycle, archived parent or page), never server errors.
    expect(results.filter((r) => ![200, 201, 409].includes(r.statusCode)).map((r) => r.body)).toEqual([]);

    const rows = await t.database.db.selectFrom('pages').select(['id', 'parent_id', 'position', 'archived_at']).where('space_id', '=', spaceId).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    // Live pages only hang under live pages, and the live tree holds every live page once.
    for (const r of rows) if (!r.archived_at && r.parent_id) expect(byId.get(r.parent_id)!.archived_at).toBeNull();
    const live = rows.filter((r) => !r.archived_at).map((r) => r.id).sort();
    expect(allIds(await tree(owner, spaceId)).sort()).toEqual(live);
    // Every page, archived or not, reaches the top level without a cycle.
    for (const r of rows) {
      const seen = new Set<string>();
      for (let at: string | null = r.id; at; at = byId.get(at)!.parent_id) {
        expect(seen.has(at)).toBe(false);
        seen.add(at);
      }
    }
    const byParent = new Map<string | null, number[]>();
    for (const r of rows) byParent.set(r.parent_id, [...(byParent.get(r.parent_id) ?? []), r.position]);
    for (const positions of byParent.values()) expect(positions.sort((x, y) => x - y)).toEqual(positions.map((_, i) => i));
  });
});
