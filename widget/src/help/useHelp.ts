import { useEffect, useState } from 'preact/hooks';
import type { HelpController, HelpState } from './controller.ts';

/**
 * Re-renders on every change of the help space's state. Effects run after paint, so a change
 * between the first render and the subscription is picked up when subscribing.
 */
export function useHelp(help: HelpController): HelpState {
  const [state, setState] = useState(help.state);
  useEffect(() => {
    const off = help.subscribe(setState);
    setState(help.state);
    return off;
  }, [help]);
  return state;
}
