import { strict as assert } from 'node:assert';
import { Disposable, DisposableStore } from '../../../src/host/disposables';

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

/** A panel-like owner: what it registers, and the panel it closes last. */
class Owner extends Disposable {
  constructor(private readonly released: string[]) {
    super();
  }

  subscribe(name: string): void {
    this.register({ dispose: () => this.released.push(name) });
  }

  failing(item: { dispose(): unknown }): void {
    this.register(item);
  }

  get closed(): boolean {
    return this.isDisposed;
  }

  protected override onDispose(): void {
    this.released.push('panel');
  }
}

describe('host: Disposable base (the panels)', () => {
  it('releases the registered listeners newest first, then the subclass\'s own part, once', () => {
    const released: string[] = [];
    const owner = new Owner(released);
    owner.subscribe('onDidDispose');
    owner.subscribe('onDidReceiveMessage');
    assert.equal(owner.closed, false);
    owner.dispose();
    // The panel's own onDidDispose calls dispose() again while it closes: nothing is released twice.
    owner.dispose();
    assert.deepEqual(released, ['onDidReceiveMessage', 'onDidDispose', 'panel']);
    assert.equal(owner.closed, true);
    owner.subscribe('late');
    assert.deepEqual(released, ['onDidReceiveMessage', 'onDidDispose', 'panel', 'late']);
  });

  it('still closes its own part when a listener fails to release', () => {
    const released: string[] = [];
    const owner = new Owner(released);
    owner.subscribe('first');
    owner.failing({ dispose: () => { throw new Error('boom'); } });
    assert.throws(() => owner.dispose(), /boom/);
    assert.deepEqual(released, ['first', 'panel']);
  });
});
