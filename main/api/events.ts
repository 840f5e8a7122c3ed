/** A typed fan-out of contract events to every connected shell. */
import type { EventName, EventPayload } from '../../preload/api'

type AnyListener = (name: EventName, payload: unknown) => void

export class EventBus {
  private readonly listeners = new Set<AnyListener>()

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload)
      } catch {
        // one broken connection must not stop the others from hearing the event
      }
    }
  }

  /** Receives every event; returns the unsubscribe function. */
  subscribe(listener: AnyListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
