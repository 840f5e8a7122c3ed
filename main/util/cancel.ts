/**
 * Cancellation that works across threads and inside synchronous loops.
 *
 * A worker busy in a long SQLite transaction never turns its event loop, so it cannot receive a
 * "cancel" message; instead the parent flips a flag in shared memory that engines poll between
 * chunks with `throwIfCancelled()`.
 */
export class CancelledError extends Error {
  constructor(message = 'cancelled') {
    super(message)
    this.name = 'CancelledError'
  }
}

export class CancelFlag {
  readonly buffer: SharedArrayBuffer
  private readonly cell: Int32Array

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.buffer = buffer
    this.cell = new Int32Array(buffer)
  }

  cancel(): void {
    Atomics.store(this.cell, 0, 1)
  }

  get cancelled(): boolean {
    return Atomics.load(this.cell, 0) === 1
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new CancelledError()
  }
}

/** What engines see: only the ability to check. */
export interface CancelCheck {
  readonly cancelled: boolean
  throwIfCancelled(): void
}
