/** The trust boundary: every call from any shell is looked up and validated here before it runs. */
import { z } from 'zod'
import { type CallContext, type Handlers, calls, isCallName } from '../../preload/api'

export class InvalidInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidInputError'
  }
}

export async function dispatch(handlers: Handlers, name: string, input: unknown, ctx: CallContext): Promise<unknown> {
  if (typeof name !== 'string' || !isCallName(name)) throw new InvalidInputError(`unknown call "${String(name)}"`)
  const parsed = calls[name].input.safeParse(input ?? {})
  if (!parsed.success) throw new InvalidInputError(`invalid input for ${name}:\n${z.prettifyError(parsed.error)}`)
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown
  return await handler(parsed.data, ctx)
}
