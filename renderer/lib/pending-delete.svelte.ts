/**
 * Deleting with a second thought: a confirmed delete is held back for a few seconds, the item
 * hidden and an Undo offered; only then is the call made. Undo (or leaving the page before the
 * time is up) keeps the item.
 */
export const UNDO_MS = 6000

export class PendingDeletes {
  /** What is waiting to be deleted, by key ("run 5", "dataset 2"). */
  pending = $state<{ key: string; label: string }[]>([])
  private timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor(private readonly onError: (e: unknown) => void) {}

  has(key: string): boolean {
    return this.pending.some((p) => p.key === key)
  }

  schedule(key: string, label: string, run: () => Promise<unknown>): void {
    if (this.has(key)) return
    this.pending.push({ key, label })
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key)
      run().catch(this.onError).finally(() => (this.pending = this.pending.filter((p) => p.key !== key)))
    }, UNDO_MS))
  }

  undo(key: string): void {
    clearTimeout(this.timers.get(key))
    this.timers.delete(key)
    this.pending = this.pending.filter((p) => p.key !== key)
  }
}
