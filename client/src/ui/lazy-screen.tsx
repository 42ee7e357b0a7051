/** A screen whose code is fetched on its first visit (large, rarely opened), with the loading line meanwhile. */
import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from './Loaded.tsx';

export function lazyScreen(load: () => Promise<ComponentType>): ComponentType {
  const Screen = lazy(() => load().then((component) => ({ default: component })));
  return function LazyScreen() {
    return (
      <Suspense fallback={<Loading screen />}>
        <Screen />
      </Suspense>
    );
  };
}
