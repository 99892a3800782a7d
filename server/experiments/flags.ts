import { FlagKey, type FlagValue } from '../../contracts/experiments.ts';

/**
 * The flag registry: a Baton feature that can be held out or varied registers its flag once, at
 * import time, in one call —
 *
 *   export const helpLinks = registerFlag({ key: 'help.links', description: 'In-product help links', defaultValue: true });
 *
 * — and reads it per unit with `services.experiments.evaluate(...)`. A proactive feature also
 * gives `heldOutValue`, its "off", for contacts in the global holdout. While no experiment on the
 * flag runs (or the unit is not enrolled) the flag has its default. Customers' own product flags
 * need no registration: any experiment may name a new flag key, and its control variant's value
 * is then the default.
 */

export interface FlagDefinition<T extends FlagValue = FlagValue> {
  key: string;
  description: string;
  defaultValue: T;
  /**
   * For proactive features: the value for contacts in the workspace's global holdout (the
   * feature's "off"). Flags without it keep their default for held-out contacts.
   */
  heldOutValue?: T;
}

const registry = new Map<string, FlagDefinition>();

export function registerFlag<T extends FlagValue>(definition: FlagDefinition<T>): FlagDefinition<T> {
  const key = FlagKey.safeParse(definition.key);
  if (!key.success) throw new Error(`Flag key "${definition.key}" ${key.error.issues[0]!.message}`);
  const existing = registry.get(definition.key);
  if (existing && existing !== definition) throw new Error(`Flag "${definition.key}" is registered twice`);
  registry.set(definition.key, definition);
  return definition;
}

export const registeredFlag = (key: string): FlagDefinition | undefined => registry.get(key);

export const registeredFlags = (): FlagDefinition[] => [...registry.values()];
