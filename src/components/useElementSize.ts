import { type RefObject, useEffect, useState } from 'react';

/**
 * Width and height of an element, following resizes; undefined until measured (or where nothing
 * measures, as in jsdom without ResizeObserver).
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): { width: number; height: number } | undefined {
  const [size, setSize] = useState<{ width: number; height: number }>();
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') {
      return;
    }
    const observer = new ResizeObserver(([entry]) =>
      setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) })
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
