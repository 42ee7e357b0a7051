import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Problem } from '../http/problem.ts';

/**
 * Draws a BPMN diagram as SVG or PNG on the server, with the same renderer the process view
 * uses (bpmn-js), inside a headless Chromium: bpmn-js needs a DOM and its layout needs real text
 * metrics. Chromium starts on the first drawing and stops after a minute without one; at most
 * STAFETTE_DIAGRAM_CONCURRENCY diagrams are drawn at once (default 2), a few more wait, the rest
 * are refused (503 diagram-unavailable); each drawing has a time limit. The page has no network:
 * every request it would make is aborted, so a model can reach nothing.
 *
 * Why Chromium and not a pure-JS renderer from the DI: the pictures match what users see in the
 * process view (markers, labels, colours), and the install already carries Chromium for the
 * browser tests. Figures are in README.md of this folder.
 */

const CHROMIUM = process.env.STAFETTE_CHROMIUM_PATH || '/usr/bin/chromium';
const CONCURRENCY = positive(process.env.STAFETTE_DIAGRAM_CONCURRENCY, 2);
const QUEUE_LIMIT = 8;
const TIME_LIMIT_MS = positive(process.env.STAFETTE_DIAGRAM_TIMEOUT_MS, 20_000);
const IDLE_CLOSE_MS = 60_000;
/** Largest PNG edge in pixels; bigger diagrams are scaled down. */
const MAX_PNG_EDGE = 8000;

let browser: Promise<Browser> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
let running = 0;
const waiting: (() => void)[] = [];
let viewerScript: Promise<string> | null = null;

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function unavailable(detail: string): Problem {
  return new Problem(503, 'diagram-unavailable', 'The diagram could not be drawn', detail);
}

function loadViewer(): Promise<string> {
  viewerScript ??= readFile(createRequire(import.meta.url).resolve('bpmn-js/dist/bpmn-viewer.production.min.js'), 'utf8');
  return viewerScript;
}

async function getBrowser(): Promise<Browser> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  browser ??= chromium
    .launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] })
    .catch((error: unknown) => {
      browser = null;
      throw unavailable(`Chromium could not be started (${CHROMIUM}): ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}.`);
    });
  return browser;
}

function scheduleClose(): void {
  if (running > 0 || idleTimer) return;
  idleTimer = setTimeout(() => void closeDiagramRenderer(), IDLE_CLOSE_MS);
  idleTimer.unref();
}

/** Stops Chromium (on shutdown and after idling). */
export async function closeDiagramRenderer(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const current = browser;
  browser = null;
  idlePages = [];
  if (current) await (await current.catch(() => null))?.close();
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) {
    if (waiting.length >= QUEUE_LIMIT) throw unavailable('Too many diagrams are being drawn right now; try again in a moment.');
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
    scheduleClose();
  }
}

export type DiagramFormat = 'svg' | 'png';

/**
 * Pages with the viewer loaded, kept between drawings (parsing bpmn-js again for every drawing
 * costs more than the drawing). Each drawing makes its own viewer and destroys it; a page that
 * failed or ran out of time is closed, never reused.
 */
let idlePages: Page[] = [];

async function acquirePage(script: string): Promise<Page> {
  for (let page = idlePages.pop(); page; page = idlePages.pop()) if (!page.isClosed()) return page;
  const context = await (await getBrowser()).newContext({ offline: true, javaScriptEnabled: true, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="canvas" style="width:1600px;height:1200px"></div></body></html>');
  await page.addScriptTag({ content: script });
  return page;
}

/** The diagram of the BPMN XML as SVG text or PNG bytes. Throws a 422/503 problem when it cannot be drawn. */
export async function renderDiagram(xml: string, format: DiagramFormat): Promise<string | Buffer> {
  const script = await loadViewer();
  return slot(async () => {
    let page: Page | null = null;
    let reusable = false;
    const timer = setTimeout(() => void page?.context().close().catch(() => undefined), TIME_LIMIT_MS);
    try {
      page = await acquirePage(script);
      const result = await page.evaluate(
        `(async (xml) => {
          const viewer = new BpmnJS({ container: '#canvas' });
          try {
            await viewer.importXML(xml);
            const { svg } = await viewer.saveSVG();
            return { svg };
          } catch (error) {
            return { error: String(error && error.message || error).slice(0, 300) };
          } finally {
            viewer.destroy();
          }
        })(${JSON.stringify(xml)})`,
      );
      const drawn = result as { svg?: string; error?: string };
      reusable = true;
      if (!drawn.svg) throw new Problem(422, 'diagram-unavailable', 'The diagram could not be drawn', `bpmn-js could not draw the model: ${drawn.error ?? 'no diagram'}.`);
      if (!/<(?:svg:)?g\b/.test(drawn.svg) || !/viewBox="[^"]*\d/.test(drawn.svg)) {
        throw new Problem(422, 'diagram-unavailable', 'The diagram could not be drawn', 'The file has no diagram (BPMN DI) to draw.');
      }
      if (format === 'svg') return drawn.svg;
      reusable = false;
      const png = await toPng(page, drawn.svg);
      reusable = true;
      return png;
    } catch (error) {
      if (error instanceof Problem) throw error;
      reusable = false;
      throw unavailable(`Drawing the diagram failed or took longer than ${TIME_LIMIT_MS / 1000} s.`);
    } finally {
      clearTimeout(timer);
      if (page && reusable && !page.isClosed()) idlePages.push(page);
      else await page?.context().close().catch(() => undefined);
    }
  });
}

/**
 * Runs `work` on a fresh page of the same Chromium, under the same concurrency limit and queue
 * (the print export makes its PDFs here). JavaScript is off; the caller routes requests. Past
 * `timeLimitMs` the page's context is closed, so `work` fails; failures become `unavailable`.
 */
export async function withPrintPage<T>(timeLimitMs: number, work: (page: Page) => Promise<T>, unavailable: (detail: string) => Problem): Promise<T> {
  try {
    return await printInSlot(timeLimitMs, work, unavailable);
  } catch (error) {
    // A full queue or Chromium not starting: the caller's 503, not the diagram's.
    if (error instanceof Problem && error.slug === 'diagram-unavailable') throw unavailable(error.detail ?? 'Printing failed.');
    throw error;
  }
}

function printInSlot<T>(timeLimitMs: number, work: (page: Page) => Promise<T>, unavailable: (detail: string) => Problem): Promise<T> {
  return slot(async () => {
    let context: BrowserContext | null = null;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void context?.close().catch(() => undefined);
    }, timeLimitMs);
    try {
      context = await (await getBrowser()).newContext({ javaScriptEnabled: false, deviceScaleFactor: 1 });
      // The time ran out while Chromium started: the timer found no context to close.
      if (timedOut) throw new Error('print time limit reached');
      return await work(await context.newPage());
    } catch (error) {
      if (error instanceof Problem && !timedOut) throw error;
      throw unavailable(timedOut ? `Printing took longer than ${timeLimitMs / 1000} s.` : 'Printing failed.');
    } finally {
      clearTimeout(timer);
      await context?.close().catch(() => undefined);
    }
  });
}

async function toPng(page: Page, svg: string): Promise<Buffer> {
  const box = /viewBox="([-\d.e]+) ([-\d.e]+) ([\d.e]+) ([\d.e]+)"/.exec(svg);
  const width = box ? Math.ceil(Number(box[3])) : 1200;
  const height = box ? Math.ceil(Number(box[4])) : 800;
  const scale = Math.min(1, MAX_PNG_EDGE / Math.max(width, height, 1));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  await page.setViewportSize({ width: w, height: h });
  const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  await page.evaluate(
    `(async ([src, w, h]) => {
      const img = document.createElement('img');
      img.id = 'png';
      img.width = w;
      img.height = h;
      img.style.cssText = 'position:absolute;left:0;top:0;display:block;background:#fff';
      img.src = src;
      document.body.appendChild(img);
      await img.decode();
    })(${JSON.stringify([src, w, h])})`,
  );
  const bytes = await page.locator('#png').screenshot({ type: 'png' });
  await page.evaluate(`document.getElementById('png').remove()`);
  return bytes;
}
