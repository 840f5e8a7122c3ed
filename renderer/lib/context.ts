import { getContext, setContext } from 'svelte'
import type { RpcClient } from './client'
import type { JobsState } from './jobs.svelte'

const KEY = Symbol('axonal')

export interface AppContext {
  client: RpcClient
  jobs: JobsState
}

export const provideApp = (ctx: AppContext): AppContext => setContext(KEY, ctx)
export const useApp = (): AppContext => getContext<AppContext>(KEY)
