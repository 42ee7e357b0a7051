/** The interview screens, loaded on first visit (most visits never open one). */
import { lazyScreen } from '../ui/lazy-screen.tsx';

export const InterviewsRoute = lazyScreen(() => import('./InterviewsScreen.tsx').then((m) => m.InterviewsScreen));
export const InterviewRoute = lazyScreen(() => import('./InterviewScreen.tsx').then((m) => m.InterviewScreen));
