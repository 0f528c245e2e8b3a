/**
 * Disposables owned together (an editor session's listeners, a view's subscriptions): added as they are made,
 * released once, newest first. No `vscode` import — anything with `dispose()` goes in — so it is unit-tested.
 */

/** Something that releases what it holds. */
export interface DisposableLike {
  dispose(): unknown;
}

/** A set of disposables released together. */
export class DisposableStore implements DisposableLike {
  private readonly items: DisposableLike[] = [];
  private disposed = false;

  /** Keeps `item` until the store is disposed; a store already disposed releases it at once. */
  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  /** True once disposed. */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Releases every item, newest first; later calls do nothing. One failing item does not keep the others. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    while (this.items.length) {
      try {
        this.items.pop()!.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw errors[0];
  }
}

/**
 * Base of the objects that own listeners (the panels): `register` what they subscribe to; `dispose` releases it
 * all once, then runs the subclass's {@link Disposable.onDispose}. Later calls do nothing, so a panel may be
 * disposed both by its owner and by its own `onDidDispose` event.
 */
export abstract class Disposable implements DisposableLike {
  private readonly store = new DisposableStore();

  /** Keeps `item` until this object is disposed (released at once if it already is). */
  protected register<T extends DisposableLike>(item: T): T {
    return this.store.add(item);
  }

  /** True once disposed. */
  protected get isDisposed(): boolean {
    return this.store.isDisposed;
  }

  /** Releases every registered item, newest first, then calls {@link Disposable.onDispose}; once only. */
  dispose(): void {
    if (this.store.isDisposed) return;
    try {
      this.store.dispose();
    } finally {
      this.onDispose();
    }
  }

  /** What the subclass releases beyond its registered items (e.g. the webview panel itself). */
  protected onDispose(): void {}
}
