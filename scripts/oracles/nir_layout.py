"""Reads a NIR file with h5py, as neuromorphs/NIR's serialization.read does, and reports its
layout field by field: the version, each node's type and datasets (dtype kind, shape, whether
strings are variable-length UTF-8), the edges and the metadata. Reads {"path"} on stdin."""
import json
import sys

import h5py


def describe(d):
    info = {"shape": list(d.shape), "dtype": d.dtype.str, "compression": d.compression}
    s = h5py.check_string_dtype(d.dtype)
    if s is not None:
        info["string"] = {"encoding": s.encoding, "vlen": s.length is None}
    return info


path = json.load(sys.stdin)["path"]
with h5py.File(path, "r") as f:
    out = {"version": f["version"][()].decode("utf8"), "version_dtype": describe(f["version"])}
    g = f["node"]
    out["type"] = g["type"][()].decode("utf8")
    out["type_dtype"] = describe(g["type"])
    out["edges"] = [[a.decode("utf8"), b.decode("utf8")] for a, b in g["edges"][()]]
    out["edges_dtype"] = describe(g["edges"])
    out["nodes"] = {}
    for name, node in g["nodes"].items():
        out["nodes"][name] = {"type": node["type"][()].decode("utf8"), "fields": {k: describe(v) for k, v in node.items() if isinstance(v, h5py.Dataset)}}
    out["metadata"] = {k: (v[()].decode("utf8") if isinstance(v[()], bytes) else float(v[()])) for k, v in g["metadata"].items()}
print(json.dumps(out))
