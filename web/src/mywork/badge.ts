// The header's count of waiting work is fetched again when a page changes what waits.
const EVENT = "accord:work-changed";
export const notifyWorkChanged = () => window.dispatchEvent(new Event(EVENT));
export function onWorkChanged(f: () => void): () => void {
  window.addEventListener(EVENT, f);
  return () => window.removeEventListener(EVENT, f);
}
