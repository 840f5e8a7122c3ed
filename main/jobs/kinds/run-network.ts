/** A stored run's EventProp network description; a run trained with DCLS is refused by name, with what it cannot do. */
import { trainSettings } from '../../../preload/api'
import type { NetworkSpec } from '../../snn/model'
import type { Store } from '../../store/index'

export function eventPropNetwork(store: Store, runId: number, what: string): NetworkSpec {
  const s = trainSettings.parse(store.runs.settings(runId))
  if (s.method === 'dcls') throw new Error(`run ${runId} was trained with DCLS (convolution kernels, batch norm): ${what} reads EventProp networks; train the same network with EventProp (e.g. with axonal compare-methods) to use it here`)
  return s.network
}
