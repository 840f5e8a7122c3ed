"""Reference values for main/space/measures.ts, computed with networkx (an independent
implementation): reads {"n", "w" (row-major n×n, i→j), "communities"} as JSON on stdin and prints
{"modularity", "clustering", "efficiency"} as JSON. Self-loops are kept for modularity and dropped
for clustering and efficiency, as the measures define them."""
import json
import sys

import networkx as nx

g = json.load(sys.stdin)
n, w = g['n'], g['w']
G = nx.DiGraph()
G.add_nodes_from(range(n))
for i in range(n):
    for j in range(n):
        x = abs(w[i * n + j])
        if x > 0:
            G.add_edge(i, j, weight=x)

parts = {}
for i, c in enumerate(g['communities']):
    parts.setdefault(c, set()).add(i)
modularity = nx.community.modularity(G, list(parts.values()), weight='weight', resolution=g.get('resolution', 1))

H = G.copy()
H.remove_edges_from(list(nx.selfloop_edges(H)))
clustering = nx.clustering(H, weight='weight')
top = max((d['weight'] for _, _, d in H.edges(data=True)), default=0)
for _, _, d in H.edges(data=True):
    d['length'] = top / d['weight']
eff = 0.0
for src, lengths in nx.all_pairs_dijkstra_path_length(H, weight='length'):
    eff += sum(1 / l for dst, l in lengths.items() if dst != src)
eff /= n * (n - 1)

print(json.dumps({'modularity': modularity, 'clustering': [clustering[i] for i in range(n)], 'efficiency': eff}))
