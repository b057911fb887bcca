import { describe, expect, it } from 'vitest';
import { FlashStore, type Flash } from './flash.js';

const NOTICE: Flash = {
  code: 'illegal_move',
  notice: { kind: 'error', text: '"Bc4" is not a legal move.' },
  typed: 'Bc4',
};

describe('FlashStore', () => {
  it('gives a flash back to its own page only, until it expires', () => {
    let now = 0;
    const store = new FlashStore(() => now, 10, 1000);
    const id = store.put('/play/g/s', NOTICE);
    expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/u);
    expect(store.get(id, '/play/g/s')).toEqual(NOTICE);
    expect(store.get(id, '/play/g/other')).toBeUndefined();
    expect(store.get(['x'], '/play/g/s')).toBeUndefined();
    now = 1001;
    expect(store.get(id, '/play/g/s')).toBeUndefined();
  });

  it('forgets the oldest past its capacity', () => {
    const store = new FlashStore(() => 0, 2, 1000);
    const first = store.put('/', NOTICE);
    const second = store.put('/', NOTICE);
    const third = store.put('/', NOTICE);
    expect(store.get(first, '/')).toBeUndefined();
    expect(store.get(second, '/')).toEqual(NOTICE);
    expect(store.get(third, '/')).toEqual(NOTICE);
  });
});
