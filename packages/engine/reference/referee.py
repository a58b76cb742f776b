"""skipbench's referee: checks a skipbench reference case against a family's PyTorch reference.

A case folder (written by `skipbench reference`, see core's `exportReference`) holds `index.json` and .npy
arrays: the model's parameters in skipbench's order, the batch, and the loss, every stream gradient
dL/dstream[l] and every parameter gradient skipbench computed. The family's module rebuilds the same
network in PyTorch's functional API on exactly those weights:

    def build(index, params):      # index: index.json, plus "dir" (the case folder, for arrays such as
                                   # index["graph"]'s that the family loads itself); params: torch tensors
                                   # in index["params"] order, requires_grad set, float32 or float64:
                                   # build what the family makes itself (constants, masks) in their dtype
        def forward(x):            # x: the batch as skipbench laid it out (TF.js's layouts)
            return out, stream     # the logits and every stage of the stream, stage 0 first
        return forward
    def loss(out, y):              # optional: the task's loss (default: softmax cross-entropy, one-hot y)

Prints one JSON object per case, one per line: the loss and both gradient profiles' relative disagreements
(‖ours − theirs‖ / ‖theirs‖ per stage and per parameter), each float32 side's largest disagreement with the
same case computed in float64 (so an ill-conditioned case shows as such), and with --time the PyTorch
train-step time (SGD, best of 5 repetitions) at each --threads count.
Run with Debian's torch: /usr/bin/python3 referee.py --family F.py --case DIR [DIR ...]
"""
import argparse
import importlib.util
import json
import os
import time

import numpy as np
import torch

FORMAT = "skipbench-reference/1"
REPETITIONS = 5


def softmax_cross_entropy(out, y):
    return -(y * torch.log_softmax(out, dim=-1)).sum(dim=-1).mean()


def relative(ours, theirs):
    """‖ours − theirs‖ / ‖theirs‖ in float64 (the absolute difference where theirs is exactly zero)."""
    ours, theirs = ours.double(), theirs.double()
    scale = theirs.norm().item()
    difference = (ours - theirs).norm().item()
    return difference / scale if scale > 0 else difference


def differentiate(index, load, family, dtype):
    """The family's forward and backward on the case's weights and batch in `dtype`: loss and every gradient."""
    loss_of = getattr(family, "loss", softmax_cross_entropy)
    params = [load(p).to(dtype).requires_grad_(True) for p in index["params"]]
    x, y = load(index["x"]).to(dtype), load(index["y"]).to(dtype)
    forward = family.build(index, params)
    out, stream = forward(x)
    for stage in stream:
        stage.retain_grad()
    loss = loss_of(out, y)
    loss.backward()
    # What the loss does not reach has no grad: exactly zero, as skipbench exports it.
    grad = lambda t: t.grad if t.grad is not None else torch.zeros_like(t)
    return {"loss": loss.detach(), "streamGrads": [grad(s) for s in stream], "paramGrads": [grad(p) for p in params], "params": params, "forward": forward, "x": x, "y": y}


def worst(run, exact):
    """The largest relative disagreement of a run's loss and gradients with float64's."""
    pairs = [(run["loss"], exact["loss"])] + list(zip(run["streamGrads"], exact["streamGrads"])) + list(zip(run["paramGrads"], exact["paramGrads"]))
    return max(relative(a, b) for a, b in pairs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--family", required=True, help="the family's PyTorch reference module (a .py file)")
    parser.add_argument("--case", required=True, nargs="+", help="case folders written by skipbench reference")
    parser.add_argument("--time", type=int, default=0, help="measure this many train steps per repetition (0: none)")
    parser.add_argument("--threads", default="1", help="thread counts to time at, comma-separated (0: every core os.cpu_count() sees)")
    args = parser.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    spec = importlib.util.spec_from_file_location("family", args.family)
    family = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(family)
    for case in args.case:
        print(json.dumps(check(case, family, args)), flush=True)


def check(case, family, args):
    """Rebuilds one case in PyTorch and compares what skipbench computed with what PyTorch computes."""
    with open(os.path.join(case, "index.json")) as f:
        index = json.load(f)
    if index.get("format") != FORMAT:
        raise SystemExit(f"referee: {case} is {index.get('format')!r}, not {FORMAT!r}")
    index["dir"] = case
    load = lambda entry: torch.from_numpy(np.load(os.path.join(case, entry["file"])))
    loss_of = getattr(family, "loss", softmax_cross_entropy)

    run = differentiate(index, load, family, torch.float32)
    if len(run["streamGrads"]) != len(index["streamGrads"]):
        raise SystemExit(f"referee: the reference has {len(run['streamGrads'])} stages, skipbench {len(index['streamGrads'])}")
    ours = {"loss": torch.tensor(index["loss"]), "streamGrads": [load(g) for g in index["streamGrads"]], "paramGrads": [load(g) for g in index["paramGrads"]]}
    # float64 truth: how far each float32 side is from it says whether a disagreement is skipbench's error or
    # the case's conditioning (a sum that cancels, a pre-activation within rounding of a ReLU's kink).
    exact = differentiate(index, load, family, torch.float64)
    result = {
        "loss": run["loss"].item(),
        "lossRelative": relative(ours["loss"], run["loss"]),
        "streamGradRelative": [relative(a, b) for a, b in zip(ours["streamGrads"], run["streamGrads"])],
        "paramGradRelative": [relative(a, b) for a, b in zip(ours["paramGrads"], run["paramGrads"])],
        "float64": {"skipbench": worst(ours, exact), "torch": worst(run, exact)},
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }
    params, forward, x, y = run["params"], run["forward"], run["x"], run["y"]
    if args.time:
        optimizer = torch.optim.SGD(params, lr=1e-3)

        def step():
            optimizer.zero_grad()
            out, _ = forward(x)
            loss_of(out, y).backward()
            optimizer.step()

        default, cores = torch.get_num_threads(), os.cpu_count()  # torch may default to physical cores only
        result["msPerStep"] = {}
        for threads in args.threads:
            torch.set_num_threads(threads or cores)
            for _ in range(2):
                step()
            means = []
            for _ in range(REPETITIONS):
                start = time.perf_counter()
                for _ in range(args.time):
                    step()
                means.append((time.perf_counter() - start) * 1000 / args.time)
            # Best of several: these machines are noisy, and the fastest repetition is the least disturbed.
            result["msPerStep"][str(threads or cores)] = min(means)
        torch.set_num_threads(default)
    return result


if __name__ == "__main__":
    main()
