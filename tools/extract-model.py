#!/usr/bin/env python3
"""Writes the constraint table kvs-edge validates requests with, taken from botocore's service model.

The table keeps what the wire needs (operations, shapes, types, required members, min/max, pattern,
enum, sensitive, error status codes) and drops the documentation. It is committed; the interop suite
runs this script with --check so that a drift from the installed botocore model fails CI, and so does
`./mvnw verify` (ModelTablesMatchBotocoreTest) where python3 has botocore.

    python3 tools/extract-model.py            # rewrite the committed tables
    python3 tools/extract-model.py --check    # exit 1 when a committed table differs
"""
import gzip
import json
import os
import sys

import botocore

SERVICES = {"kinesisvideo": "2017-09-30", "secretsmanager": "2017-10-17",
            "kinesis-video-archived-media": "2017-09-30", "kinesis-video-media": "2017-09-30"}
OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "model", "src", "main", "resources", "dev", "kvsedge", "model")
SHAPE_KEYS = ("type", "required", "min", "max", "pattern", "enum", "sensitive", "member", "key", "value", "error", "exception")


def load(service, version):
    base = os.path.join(os.path.dirname(botocore.__file__), "data", service, version, "service-2.json")
    if os.path.exists(base):
        with open(base) as f:
            return json.load(f)
    with gzip.open(base + ".gz") as f:
        return json.load(f)


def strip_ref(ref):
    return {k: v for k, v in ref.items() if k in ("shape", "location", "locationName")}


def extract(model):
    operations = {}
    for name, op in sorted(model["operations"].items()):
        operations[name] = {
            "method": op["http"]["method"],
            "path": op["http"]["requestUri"],
            "input": op.get("input", {}).get("shape"),
            "output": op.get("output", {}).get("shape"),
            "errors": [e["shape"] for e in op.get("errors", [])],
        }
    shapes = {}
    for name, shape in sorted(model["shapes"].items()):
        out = {k: shape[k] for k in SHAPE_KEYS if k in shape}
        for k in ("member", "key", "value"):
            if k in out:
                out[k] = strip_ref(out[k])
        if "members" in shape:
            out["members"] = {m: strip_ref(ref) for m, ref in shape["members"].items()}
        shapes[name] = out
    meta = {k: model["metadata"][k] for k in ("apiVersion", "endpointPrefix", "protocol", "uid", "targetPrefix", "jsonVersion")
            if k in model["metadata"]}
    return {"metadata": meta, "operations": operations, "shapes": shapes}


def main():
    check = "--check" in sys.argv
    drift = False
    for service, version in SERVICES.items():
        text = json.dumps(extract(load(service, version)), indent=1) + "\n"  # member order is the model's: errors are reported in it
        path = os.path.normpath(os.path.join(OUT_DIR, service + ".json"))
        if check:
            with open(path) as f:
                if f.read() != text:
                    print(f"DRIFT: {path} differs from botocore {botocore.__version__}; run tools/extract-model.py")
                    drift = True
                else:
                    print(f"ok: {path} matches botocore {botocore.__version__}")
        else:
            with open(path, "w") as f:
                f.write(text)
            print(f"wrote {path}")
    sys.exit(1 if drift else 0)


if __name__ == "__main__":
    main()
