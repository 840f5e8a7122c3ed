/**
 * Louvain communities of a directed weighted graph (graphology-communities-louvain: directed
 * modularity, Leicht & Newman), seeded, at a chosen resolution; returns the community of each
 * neuron, numbered from 0 in order of first appearance. Self-loops are left out of the graph
 * handed to Louvain (they do not change which partition is best); modularity is scored on the
 * full matrix by `modularity`.
 */
import Graph from 'graphology'
import louvain from 'graphology-communities-louvain'
import { Rng } from '../util/rng'
import type { Graph as Weights } from './measures'

export function louvainCommunities(g: Weights, seed: number, resolution = 1): Int32Array {
  const graph = new Graph({ type: 'directed', allowSelfLoops: false })
  for (let i = 0; i < g.n; i++) graph.addNode(i)
  for (let i = 0; i < g.n; i++)
    for (let j = 0; j < g.n; j++) {
      const x = g.w[i * g.n + j]!
      if (i !== j && x > 0) graph.addDirectedEdge(i, j, { weight: x })
    }
  const out = new Int32Array(g.n)
  if (graph.size === 0) return out.map((_, i) => i)
  const rng = new Rng(seed)
  const found = louvain(graph, { resolution, rng: () => rng.uniform(), getEdgeWeight: 'weight' }) as Record<string, number>
  const ids = new Map<number, number>()
  for (let i = 0; i < g.n; i++) {
    const c = found[String(i)]!
    if (!ids.has(c)) ids.set(c, ids.size)
    out[i] = ids.get(c)!
  }
  return out
}
