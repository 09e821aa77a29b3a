// A phone's width (below Ant Design's md breakpoint, 768 px). Read from the media query on the
// first render already, so a phone never sees the laptop's layout (a side menu taking half its
// screen) for a moment before the switch.
import { useSyncExternalStore } from 'react';

const QUERY = '(max-width: 767.98px)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

export function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(QUERY).matches,
    () => false,
  );
}

/**
 * Whether a click on a row (or a card) is the row's own, to open the record: not a click on a
 * tick box, a button, a link or a field in it, nor on a dialog or pop-up the row opened (React
 * passes their clicks up to the row, though they are elsewhere on the page).
 */
export function isRowClick(event: { target: EventTarget; currentTarget: Element }): boolean {
  const target = event.target as Element;
  if (!event.currentTarget.contains(target)) return false;
  return !target.closest(
    'button, a, input, label, textarea, .ant-checkbox-wrapper, .ant-select, .ant-table-selection-column',
  );
}
