"""PyTorch reference for transformer.block, written out from the same equations in the functional API (see
core's reference/referee.py for the protocol). Layouts are TF.js's: dense kernels [in, out], the batch x
one-hot tokens [batch, tokens, vocabulary] as float32, every stage [batch, tokens, width].
Variants plain, preln, postln, attention, attention-skip; norms layer and none. The loss is the default
(softmax cross-entropy over one-hot y, the mean over the batch), as the first-token-recall task's."""
import math

import torch

EPSILON = 1e-5
# Head width of src/attention.ts: a model narrower than this, or not a multiple of it, has one head.
HEAD_WIDTH = 8
# Hidden width of the MLP, as a multiple of the model width.
MLP_EXPANSION = 4


def positions(tokens, width):
    """The fixed sinusoidal table of src/index.ts, computed in float64 and stored in float32 as there."""
    table = [
        (math.sin if f % 2 == 0 else math.cos)(t / 10000 ** ((2 * (f // 2)) / width))
        for t in range(tokens)
        for f in range(width)
    ]
    return torch.tensor(table, dtype=torch.float64).to(torch.float32).reshape(tokens, width)


def build(index, params):
    config = index["config"]
    variant, depth, norm, width = config["variant"], config["depth"], config["norm"], config["width"]
    if norm not in ("none", "layer"):
        raise SystemExit(f"transformer_block reference: norm {norm!r} is not covered (none, layer)")
    if variant not in ("plain", "preln", "postln", "attention", "attention-skip"):
        raise SystemExit(f"transformer_block reference: variant {variant!r} is not covered")
    s = config["branchScale"]
    tokens = config["inputSize"]
    heads = width // HEAD_WIDTH if width % HEAD_WIDTH == 0 else 1
    head_width = width // heads
    taken = iter(params)

    def dense():
        kernel, bias = next(taken), next(taken)
        return lambda h: h @ kernel + bias

    def normalisation():
        if norm == "none":
            return lambda h: h
        gamma, beta = next(taken), next(taken)

        def apply(h):
            # Each position over its features, population variance (tf.moments), epsilon inside the root.
            mean = h.mean(dim=-1, keepdim=True)
            variance = ((h - mean) ** 2).mean(dim=-1, keepdim=True)
            return (h - mean) / torch.sqrt(variance + EPSILON) * gamma + beta

        return apply

    def attention():
        # One [width, 3·width] projection for queries, keys and values, one [width, width] for the output;
        # no biases, no mask, softmax of q·kᵀ/√(head width) over the keys.
        query_key_value, output = next(taken), next(taken)

        def apply(h):
            batch = h.shape[0]
            q, k, v = (h @ query_key_value).split(width, dim=-1)
            by_head = lambda t: t.reshape(batch, tokens, heads, head_width).permute(0, 2, 1, 3)
            q, k, v = by_head(q), by_head(k), by_head(v)
            weights = torch.softmax(q @ k.transpose(-1, -2) * (1 / math.sqrt(head_width)), dim=-1)
            mixed = (weights @ v).permute(0, 2, 1, 3).reshape(batch, tokens, width)
            return mixed @ output

        return apply

    def mlp():
        first, second = dense(), dense()
        return lambda h: second(torch.relu(first(h)))

    def block():
        # Parameters in the block's order: attention, norm1, then (with an MLP) the MLP and norm2.
        attend, norm1 = attention(), normalisation()
        if variant == "attention":
            return lambda h: s * attend(norm1(h))
        if variant == "attention-skip":
            return lambda h: h + s * attend(norm1(h))
        feed_forward, norm2 = mlp(), normalisation()
        if variant == "postln":

            def apply(h):
                u = norm1(h + s * attend(h))
                return norm2(u + s * feed_forward(u))

            return apply
        if variant == "preln":

            def apply(h):
                a = attend(norm1(h))
                # h + s·(a + m), m the MLP of the stream after the attention's addition.
                return h + s * (a + feed_forward(norm2(h + s * a)))

            return apply

        # plain: no stream to add to; the whole layer's output is scaled once more by the stack.
        return lambda h: s * feed_forward(norm2(s * attend(norm1(h))))

    embed = dense()
    blocks = [block() for _ in range(depth)]
    final_norm = normalisation()
    readout = dense()
    table = positions(tokens, width)
    if next(taken, None) is not None:
        raise SystemExit("transformer_block reference: skipbench exported more parameters than the reference uses")

    def forward(x):
        h = embed(x) + table
        stream = [h]
        for apply in blocks:
            h = apply(h)
            stream.append(h)
        # The answer is read at the last token.
        return readout(final_norm(h)[:, tokens - 1, :]), stream

    return forward
