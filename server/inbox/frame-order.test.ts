import { describe, expect, it } from 'vitest';
import { frameOrder, type Parsed } from './frame-order.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const send = (conversation: string, client: string): Parsed => ({ v: 1, type: 'send', conversation_id: conversation, client_id: client, body: client });

/** Records when each frame starts; each finishes only when the test says so. */
function harness() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const order = frameOrder(async (f) => {
    const name = 'problem' in f ? 'problem' : f.type === 'send' ? f.client_id : f.type;
    started.push(name);
    await new Promise<void>((resolve) => finish.set(name, resolve));
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  const done = async (name: string) => {
    finish.get(name)!();
    await settle();
  };
  return { order, started, done, settle };
}

describe('the order a socket’s frames are handled in', () => {
  it('one conversation’s frames one after another, another conversation’s alongside', async () => {
    const h = harness();
    h.order.push(send(A, 'a1'));
    h.order.push(send(A, 'a2'));
    h.order.push(send(B, 'b1'));
    await h.settle();
    expect(h.started).toEqual(['a1', 'b1']);
    await h.done('a1');
    expect(h.started).toEqual(['a1', 'b1', 'a2']);
  });

  it('a resume waits for every frame before it and holds every frame after it', async () => {
    const h = harness();
    h.order.push(send(A, 'a1'));
    h.order.push(send(B, 'b1'));
    h.order.push({ v: 1, type: 'resume', resume: [] });
    h.order.push(send(B, 'b2'));
    h.order.push({ problem: 'frame is not JSON' });
    await h.settle();
    expect(h.started).toEqual(['a1', 'b1']);
    await h.done('b1');
    expect(h.started).toEqual(['a1', 'b1']);
    await h.done('a1');
    expect(h.started).toEqual(['a1', 'b1', 'resume']);
    await h.done('resume');
    expect(h.started).toEqual(['a1', 'b1', 'resume', 'b2']);
    await h.done('b2');
    expect(h.started).toEqual(['a1', 'b1', 'resume', 'b2', 'problem']);
  });

  it('answers a ping at once, even behind a busy conversation', async () => {
    const h = harness();
    h.order.push(send(A, 'a1'));
    h.order.push({ v: 1, type: 'ping' });
    await h.settle();
    expect([...h.started].sort()).toEqual(['a1', 'ping']);
  });
});
