import { type ComponentType, createElement, lazy, type ReactNode, Suspense, useState } from 'react';

/** A component in a chunk of its own, with `preload()` to fetch that chunk before it renders (never rejects). */
export type LazyComponent<P> = ComponentType<P> & { preload(): Promise<void> };

/**
 * React.lazy for a named export. Once the chunk is there (preloaded, or shown before) the component renders
 * at once, without the extra suspended pass React.lazy takes. A failed download is not remembered: the
 * next render (or preload) tries again.
 */
export function lazyNamed<K extends string, P extends object>(
  loader: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let module: Promise<Record<K, ComponentType<P>>> | null = null;
  const load = () =>
    (module ??= loader().then(
      (exports) => {
        loaded = exports[name];
        return exports;
      },
      (error: unknown) => {
        module = null;
        throw error;
      },
    ));
  const Lazy: ComponentType<P> = lazy(() => load().then((exports) => ({ default: exports[name] as ComponentType<P> })));
  function LazyNamed(props: P) {
    return createElement(loaded ?? Lazy, props);
  }
  return Object.assign(LazyNamed, {
    preload: () =>
      load().then(
        () => undefined,
        () => undefined,
      ),
  });
}

const pagesByPath: { paths: string[]; preload(): Promise<void> }[] = [];

/** Whether `path` ("/x" exactly, "/x/" anything below it) covers `pathname`. */
function serves(path: string, pathname: string): boolean {
  return path.endsWith('/') && path !== '/' ? pathname.startsWith(path) : pathname === path;
}

/** A page in a chunk of its own; `paths`: the URLs it serves, for preloadPageFor. */
export function lazyPage<K extends string>(
  loader: () => Promise<Record<K, ComponentType>>,
  name: K,
  paths: string[] = [],
): LazyComponent<object> {
  const page = lazyNamed(loader, name);
  if (paths.length > 0) pagesByPath.push({ paths, preload: page.preload });
  return page;
}

/** Loads the chunk of the page at `pathname` (resolves at once when no page is registered for it). */
export function preloadPageFor(pathname: string): Promise<void> {
  return pagesByPath.find((page) => page.paths.some((path) => serves(path, pathname)))?.preload() ?? Promise.resolve();
}

/**
 * Renders a lazily loaded part (a drawer, a form) from the first time `when` is true, and keeps it mounted
 * afterwards so it can animate closed and keep its state, like a part that was always there.
 */
export function MountWhen({
  when,
  children,
  fallback = null,
}: {
  when: boolean;
  children: ReactNode;
  fallback?: ReactNode;
}) {
  const [seen, setSeen] = useState(when);
  if (when && !seen) setSeen(true);
  return seen || when ? <Suspense fallback={fallback}>{children}</Suspense> : null;
}
