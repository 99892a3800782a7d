import type { z } from 'zod';
import type { ClientFrame } from '../../contracts/messenger.ts';

/** A frame from a socket, validated, or the problem to answer instead. */
export type Parsed = z.output<typeof ClientFrame> | { problem: string };

/**
 * The order a socket's frames are handled in. Frames about one conversation (send, typing,
 * read) are handled one at a time in the order they came, so a client's messages get its
 * sequence numbers in its order; frames about different conversations do not wait for each
 * other, so an agent answering ten customers is not held up by the slowest of them. Everything
 * else (hello, resume, starting a conversation, a bad frame) waits for all before it and holds
 * all after it, so a resume is answered before the next send is handled.
 */
export function frameOrder(run: (f: Parsed) => Promise<void>) {
  let barrier: Promise<void> = Promise.resolve();
  const lanes = new Map<string, Promise<void>>();
  return {
    push(f: Parsed): void {
      if (!('problem' in f) && f.type === 'ping') return void run(f);
      const lane = 'problem' in f ? undefined : 'conversation_id' in f ? f.conversation_id : undefined;
      if (lane === undefined) {
        const before = [barrier, ...lanes.values()];
        lanes.clear();
        barrier = Promise.all(before).then(() => run(f));
        return;
      }
      const next = (lanes.get(lane) ?? barrier).then(() => run(f));
      lanes.set(lane, next);
      void next.then(() => {
        if (lanes.get(lane) === next) lanes.delete(lane);
      });
    },
  };
}
