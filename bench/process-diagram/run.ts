// Server-side diagram drawing (server/src/processes/diagram-renderer.ts: bpmn-js in headless
// Chromium) against importing the same file with @stafette/bpmn, in the same process: the first
// drawing (Chromium starts), then warm SVG and PNG drawings. Prints medians and ratios.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { importBpmn } from '@stafette/bpmn';
import { closeDiagramRenderer, renderDiagram } from '../../server/src/processes/diagram-renderer.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 5);
const FILES = ['miwg-reference/C.1.0.bpmn', 'miwg-reference/B.2.0.bpmn'];

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1)} ms`;

try {
  let first = true;
  for (const file of FILES) {
    const xml = readFileSync(new URL(`../../tests/fixtures/bpmn/${file}`, import.meta.url), 'utf8');
    const cold = first ? await time(() => renderDiagram(xml, 'svg')) : null;
    first = false;
    const imports: number[] = [];
    const svgs: number[] = [];
    const pngs: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      imports.push(await time(() => importBpmn(xml)));
      svgs.push(await time(() => renderDiagram(xml, 'svg')));
      pngs.push(await time(() => renderDiagram(xml, 'png')));
    }
    const base = median(imports);
    console.log(
      `${file} (${Math.round(xml.length / 1024)} KB): import ${ms(base)}` +
        (cold === null ? '' : ` | first SVG incl. Chromium start ${ms(cold)} (${(cold / base).toFixed(1)}×)`) +
        ` | warm SVG ${ms(median(svgs))} (${(median(svgs) / base).toFixed(1)}×) | warm PNG ${ms(median(pngs))} (${(median(pngs) / base).toFixed(1)}×) (${ROUNDS} rounds)`,
    );
  }
} finally {
  await closeDiagramRenderer();
}
