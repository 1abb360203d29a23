#!/usr/bin/env python3
# MedAWQ's bridge to the user's own `radgraph` package (pip install radgraph). MedAWQ starts this
# script and talks JSON lines with it: the first line out is {"ready": ...} or {"error": ...};
# then each line in, {"id": N, "text": "..."}, gets one line out, {"id": N, "annotation":
# {"entities": {...}}}. MedAWQ computes the RadGraph rewards itself from these annotations, and
# cross-checks them on a few pairs against the package's own F1RadGraph: a line {"id": N, "hyp":
# "...", "ref": "..."} gets {"id": N, "reward": [simple, partial, complete]}.
# --probe only checks that the package and the model load. Part of MedAWQ (MIT licence).
import argparse
import json
import sys


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="radgraph-xl")
    ap.add_argument("--probe", action="store_true")
    args = ap.parse_args()
    try:
        import radgraph
    except Exception as e:  # the package is not installed for this interpreter
        say({"error": "Python package 'radgraph' is not installed for %s (%s: %s); install it with "
                      "'%s -m pip install radgraph'" % (sys.executable, type(e).__name__, e, sys.executable),
             "kind": "missing_package"})
        return 3
    version = getattr(radgraph, "__version__", "unknown")
    scorer = None  # the package's F1RadGraph, made on the first cross-check request
    try:
        model = radgraph.RadGraph(model_type=args.model)
    except Exception as e:  # weights not downloaded (no network), unknown model type, ...
        say({"error": "the radgraph package (%s) could not load model '%s' (%s: %s)"
                      % (version, args.model, type(e).__name__, e), "kind": "model_load"})
        return 4
    say({"ready": True, "python": sys.executable, "radgraph_version": version, "model_type": args.model})
    if args.probe:
        return 0
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        if request.get("done"):
            break
        if "hyp" in request:
            try:
                if scorer is None:
                    scorer = radgraph.F1RadGraph(reward_level="all", model_type=args.model)
                mean_reward = scorer(hyps=[request["hyp"]], refs=[request["ref"]])[0]
                say({"id": request["id"], "reward": [float(x) for x in mean_reward]})
            except Exception as e:
                say({"id": request["id"], "error": "%s: %s" % (type(e).__name__, e)})
            continue
        text = request.get("text", "")
        if not text.strip():
            say({"id": request["id"], "annotation": {"entities": {}}})
            continue
        try:
            out = model([text])
            annotation = out["0"] if "0" in out else next(iter(out.values()))
            say({"id": request["id"], "annotation": {"entities": annotation.get("entities", {})}})
        except Exception as e:
            say({"id": request["id"], "error": "%s: %s" % (type(e).__name__, e)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
