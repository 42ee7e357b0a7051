/**
 * Pinch zoom and pan of a bpmn-js canvas with fingers. diagram-js only listens to mouse events
 * (drag to pan, wheel to zoom), so on a touch screen a finger dragging over the diagram would
 * scroll the page instead. The container gets `touch-action: none` (processes.css) and this
 * handler turns touch pointers into canvas.scroll (one finger) and canvas.zoom around the midpoint
 * of two fingers. A tap that does not move stays a click, so tapping a step still selects it.
 */
import type { Canvas } from './bpmn-services.ts';

const MIN_ZOOM = 0.2;
const MAX_ZOOM = 4;

interface Point {
  x: number;
  y: number;
}

export function attachTouchGestures(container: HTMLElement, canvas: () => Canvas | null): () => void {
  const pointers = new Map<number, Point>();
  // The distance and scale when the second finger went down: the pinch scales relative to them.
  let pinch: { distance: number; scale: number } | null = null;

  const local = (event: PointerEvent): Point => {
    const box = container.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  };
  const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);
  const twoFingers = () => [...pointers.values()].slice(0, 2) as [Point, Point];

  const down = (event: PointerEvent) => {
    if (event.pointerType !== 'touch') return;
    pointers.set(event.pointerId, local(event));
    const target = canvas();
    if (pointers.size === 2 && target) {
      const [a, b] = twoFingers();
      pinch = { distance: Math.max(1, distance(a, b)), scale: target.zoom() };
    }
  };

  const move = (event: PointerEvent) => {
    const previous = pointers.get(event.pointerId);
    const target = canvas();
    if (!previous || !target) return;
    const next = local(event);
    if (pointers.size === 1) {
      target.scroll({ dx: next.x - previous.x, dy: next.y - previous.y });
      pointers.set(event.pointerId, next);
      return;
    }
    const [oldA, oldB] = twoFingers();
    pointers.set(event.pointerId, next);
    const [a, b] = twoFingers();
    // The midpoint moving pans; the fingers spreading zooms around it.
    target.scroll({ dx: (a.x + b.x - oldA.x - oldB.x) / 2, dy: (a.y + b.y - oldA.y - oldB.y) / 2 });
    if (pinch) {
      const scale = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (pinch.scale * distance(a, b)) / pinch.distance));
      target.zoom(scale, { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
    }
  };

  const up = (event: PointerEvent) => {
    if (!pointers.delete(event.pointerId)) return;
    if (pointers.size < 2) pinch = null;
  };

  container.addEventListener('pointerdown', down);
  container.addEventListener('pointermove', move);
  container.addEventListener('pointerup', up);
  container.addEventListener('pointercancel', up);
  return () => {
    container.removeEventListener('pointerdown', down);
    container.removeEventListener('pointermove', move);
    container.removeEventListener('pointerup', up);
    container.removeEventListener('pointercancel', up);
  };
}
