/**
 * The Space analysis of a dense recurrent layer at 128, 512 and 1024 neurons in 2-D, with the
 * paper's nulls (50 shuffled-weight graphs for clustering, 5 for efficiency) and 50 position
 * permutations for wiring. SPACE_SIZES=128,512 limits the sizes (1024 takes minutes).
 */
import { it } from 'vitest'
import { compile } from '../main/snn/model'
import { initParams, DEFAULT_INIT } from '../main/snn/init'
import { analyseSpace } from '../main/space/analysis'
import { figure, measure } from './report'

it('Space analysis time', { timeout: 3_600_000 }, () => {
  const sizes = (process.env.SPACE_SIZES ?? '128,512,1024').split(',').map(Number)
  for (const n of sizes) {
    const plan = compile({
      dt: 1, steps: 10, inputs: 700, maxDelay: 1000, readout: 'avg-exp',
      hidden: [{ size: n, tauM: 20, tauS: 5, threshold: 1, recurrent: true, inputDelay: 'none', recurrentDelay: 'position', positions: { dims: 2, scale: 1 } }],
      output: { size: 20, tauM: 20, tauS: 5 }
    })
    const params = initParams(plan, { ...DEFAULT_INIT, positionRange: 1 }, 1)
    const r = measure(() => analyseSpace(plan, params, { clusteringNulls: 50, efficiencyNulls: 5, spatialNulls: 50, resolution: 1, seed: 1 }))
    figure(`analysis of ${n} neurons (dense, 50 + 5 + 50 nulls)`, r.seconds, 's')
    figure(`analysis of ${n} neurons: peak RSS`, r.peakRssMb, 'MB')
  }
})
