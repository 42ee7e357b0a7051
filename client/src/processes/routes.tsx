/**
 * The process screens, loaded on first visit: bpmn-js is large and most visits to the wiki
 * never open a diagram.
 */
import { lazyScreen } from '../ui/lazy-screen.tsx';

export const ProcessRoute = lazyScreen(() => import('./ProcessScreen.tsx').then((module) => module.ProcessScreen));
export const NewProcessRoute = lazyScreen(() => import('./NewProcessScreen.tsx').then((module) => module.NewProcessScreen));
export const LandscapeRoute = lazyScreen(() => import('./LandscapeScreen.tsx').then((module) => module.LandscapeScreen));
export const CompareRoute = lazyScreen(() => import('./CompareScreen.tsx').then((module) => module.CompareScreen));
