"""Reference R² for main/space/specialisation.ts: ridge regression (alpha = 1, intercept, as
sklearn's Ridge) solved here in the primal form with numpy, in-sample R² per target column.
Reads {"x": rows, "y": rows, "alpha"} as JSON on stdin; prints the list of R²."""
import json
import sys

import numpy as np

g = json.load(sys.stdin)
x, y, alpha = np.array(g['x'], float), np.array(g['y'], float), g.get('alpha', 1.0)


def fit(xs, ys):
    """Coefficients and intercept of the ridge fit (intercept not penalised)."""
    mx, my = xs.mean(0), ys.mean(0)
    beta = np.linalg.solve((xs - mx).T @ (xs - mx) + alpha * np.eye(xs.shape[1]), (xs - mx).T @ (ys - my))
    return beta, my - mx @ beta


beta, b0 = fit(x, y)
tot = ((y - y.mean(0)) ** 2).sum(0)
in_sample = 1 - ((y - (x @ beta + b0)) ** 2).sum(0) / tot
loo = np.zeros_like(y)
for i in range(len(x)):
    keep = np.arange(len(x)) != i
    bi, ci = fit(x[keep], y[keep])
    loo[i] = x[i] @ bi + ci
held_out = 1 - ((y - loo) ** 2).sum(0) / tot
print(json.dumps({'inSample': list(in_sample), 'heldOut': list(held_out)}))
