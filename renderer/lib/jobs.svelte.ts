/** Jobs as the renderer sees them: listed once on connect, then kept current by events. */
import type { JobInfo } from '../../preload/api'
import type { RpcClient } from './client'

export class JobsState {
  jobs = $state<JobInfo[]>([])

  constructor(private readonly client: RpcClient) {
    client.on('job.update', (job) => this.upsert(job))
  }

  async load(): Promise<void> {
    const list = await this.client.call('jobs.list', {})
    // Events that arrived while listing are newer than the list; keep them.
    for (const job of list) if (!this.jobs.some((j) => j.id === job.id)) this.jobs.push(job)
    this.jobs.sort((a, b) => b.id - a.id)
  }

  upsert(job: JobInfo): void {
    const i = this.jobs.findIndex((j) => j.id === job.id)
    if (i >= 0) this.jobs[i] = job
    else this.jobs.unshift(job)
  }

  cancel(id: number): Promise<JobInfo> {
    return this.client.call('jobs.cancel', { id })
  }
}
