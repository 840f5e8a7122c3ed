"""Reference R² for main/space/specialisation.ts: ridge regression (alpha = 1, intercept, as
sklearn's Ridge) solved here in the primal form with numpy, in-sample R² per target column.
Reads {"x": rows, "y": rows, "alpha"} as JSON on stdin; prints the list of R²."""
import json
import sys

import numpy as np

g = json.load(sys.stdin)
x, y, alpha = np.array(g['x'], float), np.array(g['y'], float), g.get('alpha', 1.0)
xc, yc = x - x.mean(0), y - y.mean(0)
beta = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ yc)
fit = xc @ beta
print(json.dumps(list(1 - ((yc - fit) ** 2).sum(0) / (yc ** 2).sum(0))))
