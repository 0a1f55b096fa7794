import type { PendingWrite } from './_store-renewal.js';
import type { StoredTokens } from './store.js';

/**
 * New tokens a manager obtained but has not written to the store yet: staged before the write
 * (so a time limit during the write cannot lose them), then in use once the write has failed,
 * until a later renewal writes them (or adopts another writer's record instead).
 */
export class PendingTokens {
  #write: PendingWrite | null = null;
  #inUse = false;

  /** The tokens waiting to be written, staged or in use; `null` when there are none. */
  get write(): PendingWrite | null {
    return this.#write;
  }

  /** Whether tokens are staged and not yet in use (a write of them is under way). */
  get staged(): boolean {
    return this.#write !== null && !this.#inUse;
  }

  /** Remembers `write` before it is attempted; `null` forgets (written, dropped or replaced). */
  stage(write: PendingWrite | null): void {
    this.#write = write;
    this.#inUse = false;
  }

  /**
   * The staged tokens as the record to use in place of the stored one, once. Its version is the
   * one they replace, so the stored (older) record never looks like another writer's newer one.
   */
  takeIntoUse(): StoredTokens | null {
    if (!this.staged || this.#write === null) return null;
    this.#inUse = true;
    return { tokens: this.#write.tokens, version: this.#write.baseVersion, updatedAt: Date.now() };
  }
}
