/**
 * Saved segments appear in more than one place (the filter bar, the profiles page): a page that saves
 * or deletes one announces it, and every list of segments reloads.
 */
import { useEffect } from 'preact/hooks';

const SEGMENTS_CHANGED = 'flowsight:segmentschange';

export function announceSegmentsChanged(): void {
  window.dispatchEvent(new Event(SEGMENTS_CHANGED));
}

/** Calls `reload` whenever a segment is saved or deleted anywhere on the page. */
export function useOnSegmentsChanged(reload: () => void): void {
  useEffect(() => {
    window.addEventListener(SEGMENTS_CHANGED, reload);
    return () => window.removeEventListener(SEGMENTS_CHANGED, reload);
  }, [reload]);
}
