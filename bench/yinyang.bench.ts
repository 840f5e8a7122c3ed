/** Yin-Yang: drawing and encoding speed, and the cost of caching samples in the store. */
import { it } from 'vitest'
import { yinYangParams } from '../preload/api'
import { encodeYinYang, generateYinYangSplit } from '../main/data/yinyang'
import { Store } from '../main/store/index'
import { tempHome } from '../main/testing/tmp'
import { figure, measure } from './report'

const N = 500_000
const params = yinYangParams.parse({ sizes: { train: N, validation: 0, test: 0 } })

it('Yin-Yang generation and caching', () => {
  const draw = measure(() => generateYinYangSplit(params, 'train', N))
  figure('draw points', N / draw.seconds, 'samples/s')
  const enc = measure(() => {
    const p = draw.result
    for (let i = 0; i < N; i++) encodeYinYang(p.x[i]!, p.y[i]!, 0.5, params.encoding)
  })
  figure('encode spikes', N / enc.seconds, 'samples/s')
  const store = Store.openHome(tempHome())
  const write = measure(() =>
    store.datasets.create(
      { name: 'bench', kind: 'yinyang', params, numChannels: 4, numClasses: 3, classNames: ['yin', 'yang', 'dot'] },
      (insert) => {
        const p = draw.result
        for (let i = 0; i < N; i++)
          insert({ split: 'train', idx: i, label: p.labels[i]!, ...encodeYinYang(p.x[i]!, p.y[i]!, 0.5, params.encoding), features: Float64Array.of(p.x[i]!, p.y[i]!) })
      }
    )
  )
  figure('encode + write to SQLite', N / write.seconds, 'samples/s')
  figure('peak RSS', write.peakRssMb, 'MB')
  const id = write.result
  const read = measure(() => {
    for (let i = 0; i < 20_000; i++) store.datasets.sample(id, 'train', i)
  })
  figure('read samples back one by one', 20_000 / read.seconds, 'samples/s')
  store.close()
})
