"""PyTorch reference for gnn.gcn, written out from the same equations in the functional API (see core's
reference/referee.py for the protocol). Node features are [nodes, features], dense kernels [in, out].
Variants plain, residual and initial-residual (GCNII); norm none (the only one gnn.gcn offers).

The graph comes from the case folder (index["graph"]: its edges, each undirected edge once); Â is rebuilt
here as core's gcnAdjacency builds it: neighbours deduplicated, self-loops dropped, then
Â = D̃^{-1/2} (A + I) D̃^{-1/2} with d̃_i = neighbours_i + 1, dense."""
import os

import numpy as np
import torch

# gnn.gcn's option defaults (packages/gnn/src/index.ts), for a config that does not set them.
ALPHA, BETA = 0.1, 0.5


def adjacency(nodes, edges, dtype):
    """Dense Â in `dtype`, each weight 1/sqrt(d̃_i d̃_j) rounded once from float64, as gcnAdjacency rounds it."""
    neighbours = [set() for _ in range(nodes)]
    for a, b in edges:
        if a != b:
            neighbours[a].add(b)
            neighbours[b].add(a)
    degree = np.array([len(n) + 1 for n in neighbours], dtype=np.float64)
    matrix = np.zeros((nodes, nodes), dtype=np.float64)
    for i in range(nodes):
        for j in [i, *neighbours[i]]:
            matrix[i, j] = 1 / np.sqrt(degree[i] * degree[j])
    return torch.from_numpy(matrix).to(dtype)


def build(index, params):
    config = index["config"]
    variant, depth, norm = config["variant"], config["depth"], config["norm"]
    if variant not in ("plain", "residual", "initial-residual"):
        raise SystemExit(f"gnn_gcn reference: variant {variant!r} is not covered (plain, residual, initial-residual)")
    if norm != "none":
        raise SystemExit(f"gnn_gcn reference: norm {norm!r} is not covered (none)")
    if "graph" not in index:
        raise SystemExit("gnn_gcn reference: the case folder has no graph (index.json's 'graph'): export it with a skipbench that writes it")
    options = config.get("options") or {}
    alpha, beta = options.get("alpha", ALPHA), options.get("beta", BETA)
    scale = config["branchScale"]
    graph = index["graph"]
    edges = np.load(os.path.join(index["dir"], graph["edges"]["file"]))
    a_hat = adjacency(graph["nodes"], edges.astype(np.int64).reshape(-1, 2).tolist(), params[0].dtype)

    # model.params order: the stem's kernel and bias, one W per layer, the head's kernel and bias.
    if len(params) != depth + 4:
        raise SystemExit(f"gnn_gcn reference: expected {depth + 4} parameters, the case has {len(params)}")
    stem_kernel, stem_bias = params[0], params[1]
    weights = params[2 : 2 + depth]
    head_kernel, head_bias = params[2 + depth], params[3 + depth]

    def branch(w, h, h0):
        if variant == "initial-residual":
            # GCNII with one α and one β for every layer, as skipbench has them (no β_l = log(λ/l + 1)).
            mixed = (1 - alpha) * (a_hat @ h) + alpha * h0
            return torch.relu((1 - beta) * mixed + beta * (mixed @ w))
        return torch.relu((a_hat @ h) @ w)

    def forward(x):
        h = x @ stem_kernel + stem_bias
        h0 = h
        stream = [h]
        for w in weights:
            f = scale * branch(w, h, h0)
            h = h + f if variant == "residual" else f
            stream.append(h)
        return h @ head_kernel + head_bias, stream

    return forward


def loss(out, y):
    """The task's loss: softmax cross-entropy over the labelled nodes only (tf.losses.softmaxCrossEntropy with
    weights sum(y, 1) and its default reduction, SUM_BY_NONZERO_WEIGHTS): rows of y that are all zero (nodes
    outside the split) count neither in the sum nor in the divisor."""
    weights = y.sum(dim=-1)
    per_node = -(y * torch.log_softmax(out, dim=-1)).sum(dim=-1)
    return (per_node * weights).sum() / (weights != 0).sum()
