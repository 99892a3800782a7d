import { useEffect, useState } from 'preact/hooks';
import type { State, Store } from '../store.ts';

/** Re-renders on every change of the widget's state. */
export function useStore(store: Store): State {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    const unsubscribe = store.subscribe(setState);
    // A change between the first render and this effect has no subscriber yet: catch up on it.
    setState(store.get());
    return unsubscribe;
  }, [store]);
  return state;
}
