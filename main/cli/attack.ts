/** `axonal attack --run N --attack ifgsm --eps 0,0.05,0.1 [--norm linf|l2] [--steps 10] [--limit N] [--baselines] [--json]`. */
import type { AttackReport, CallName, Input, JobInfo, Output } from '../../preload/api'
import { type Parsed, UsageError, intOption } from './args'

type Call = <K extends CallName>(name: K, input: Input<K>) => Promise<Output<K>>

/** `sparse` (axonal sparse-code attack --dataset N …): the group-ℓ2 sparse coder and the undefended baselines, no run. */
export async function attackCommand(call: Call, args: Parsed, json: boolean, follow: (job: JobInfo) => Promise<JobInfo>, sparse = false): Promise<number> {
  const runId = sparse ? undefined : intOption(args, 'run')
  const datasetId = sparse ? intOption(args, 'dataset') : undefined
  const attack = args.options.get('attack')
  const epsText = args.options.get('eps')
  if ((sparse ? datasetId === undefined : runId === undefined) || !attack || !epsText)
    throw new UsageError(sparse ? 'sparse-code attack --dataset N --attack fgsm|ifgsm|pgd|noise --eps 0,0.05,0.1' : 'attack --run N --attack fgsm|ifgsm|pgd|noise|shift|shift-random|delete|delete-random|insert|insert-random|delay-jitter|delay-round|weight-bits --eps 0,0.05,0.1')
  const eps = epsText.split(',').map((e) => {
    const v = Number(e)
    if (e.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`--eps: "${e}" is not a number of 0 or more`)
    return v
  })
  const norm = args.options.get('norm') ?? 'linf'
  if (norm !== 'linf' && norm !== 'l2') throw new UsageError(`--norm ${norm}: expected linf or l2`)
  const steps = intOption(args, 'steps'), limit = intOption(args, 'limit'), seed = intOption(args, 'seed')
  const dict = args.options.get('dictionary'), atoms = intOption(args, 'atoms'), lambda = args.options.get('lambda')
  if (dict !== undefined && dict !== 'generator' && dict !== 'learned') throw new UsageError(`--dictionary ${dict}: expected generator or learned`)
  const alongside = (args.options.get('alongside') ?? '').split(',').filter(Boolean).map((x) => {
    const v = Number(x)
    if (!Number.isInteger(v) || v <= 0) throw new UsageError(`--alongside: "${x}" is not a run id`)
    return v
  })
  const job = await call('robust.attack', {
    ...(runId !== undefined ? { runId } : { datasetId: datasetId! }), alongside, attack: attack as 'fgsm', eps, norm, baselines: args.flags.has('baselines'),
    ...(dict ? { dictionary: dict as 'learned' } : {}), ...(atoms ? { atoms } : {}), ...(lambda ? { lambda: Number(lambda) } : {}),
    ...(args.options.get('split') ? { split: args.options.get('split') as 'test' } : {}), ...(steps ? { steps } : {}), ...(limit ? { limit } : {}), ...(seed !== undefined ? { seed } : {})
  })
  const done = await follow(job)
  if (done.state !== 'done') return 1
  const r = done.result as AttackReport
  if (json) {
    console.log(JSON.stringify(r, null, 2))
    return 0
  }
  console.log(`${r.runId !== null ? `run ${r.runId}` : `dataset ${r.datasetId}`}, ${r.samples} ${r.split} samples, ${r.attack}${['fgsm', 'ifgsm', 'pgd', 'noise'].includes(r.attack) ? ` (${r.norm})` : ''}, seed ${r.seed}`)
  console.log(['model', ...r.curves[0]!.points.map((p) => `ε ${p.eps}`)].join('\t'))
  for (const c of r.curves) console.log([c.model, ...c.points.map((p) => `${(100 * p.accuracy).toFixed(1)}%`)].join('\t'))
  console.log('(accuracy under the attack at each ε; --json adds the perturbation used and the success rate)')
  return 0
}
