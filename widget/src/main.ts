import { install } from './api.ts';
import { Runtime } from './runtime.ts';

// Read while this script runs: afterwards currentScript no longer points at it.
const script = document.currentScript as HTMLScriptElement | null;
const base = new URL(script?.src ?? location.href, location.href).origin;

install(new Runtime(base), script?.dataset.appId);
