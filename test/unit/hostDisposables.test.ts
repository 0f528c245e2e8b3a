import { strict as assert } from 'node:assert';
import { DisposableStore } from '../../src/host/disposables';

describe('host: DisposableStore (editor session, views)', () => {
  it('releases every item once, newest first, and an item added after disposal at once', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add({ dispose: () => released.push('listener') });
    store.add({ dispose: () => released.push('timer') });
    store.dispose();
    store.dispose();
    assert.deepEqual(released, ['timer', 'listener']);
    assert.ok(store.isDisposed);
    store.add({ dispose: () => released.push('late') });
    assert.deepEqual(released, ['timer', 'listener', 'late']);
  });

  it('a failing item does not keep the others from being released, and its error is thrown', () => {
    const released: string[] = [];
    const store = new DisposableStore();
    store.add({ dispose: () => released.push('first') });
    store.add({ dispose: () => { throw new Error('boom'); } });
    store.add({ dispose: () => released.push('last') });
    assert.throws(() => store.dispose(), /boom/);
    assert.deepEqual(released, ['last', 'first']);
  });
});
