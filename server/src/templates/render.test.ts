import { describe, expect, it } from 'vitest';
import { germanDate, placeholderNames, renderTemplate } from './render.ts';

describe('renderTemplate', () => {
  const filled = { datum: '05.12.2026', autor: 'Erika Muster' };

  it('fills datum, autor and the given fields; fields left out stay visible', () => {
    const out = renderTemplate('# {{Prozessschritt}}\n\nZuständig: {{ Zuständig }}\n\n{{autor}}, {{datum}}', { prozessschritt: 'Antrag prüfen' }, filled);
    expect(out).toBe('# Antrag prüfen\n\nZuständig: {{ Zuständig }}\n\nErika Muster, 05.12.2026');
  });

  it('keeps typed values literal: no markup, no new table rows, no new placeholders', () => {
    const out = renderTemplate('| a | {{X}} |', { X: '*fett* | neu\nzeile {{autor}}' }, filled);
    expect(out).toBe('| a | \\*fett\\* \\| neu zeile \\{\\{autor\\}\\} |');
  });

  it('treats a blank value as left out', () => {
    expect(renderTemplate('{{Ort}}', { Ort: '  ' }, filled)).toBe('{{Ort}}');
  });

  it('lists the fields a body asks for', () => {
    expect(placeholderNames('{{A}} {{datum}} {{ b }} {{a}} {{autor}}')).toEqual(['A', 'b']);
  });

  it('writes the date the German way', () => {
    expect(germanDate(new Date('2026-03-04T12:00:00Z'))).toBe('04.03.2026');
  });
});
