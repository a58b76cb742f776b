"""PyTorch reference for resnet.basic, written out from the same equations in the functional API (see
core's reference/referee.py for the protocol). Layouts are TF.js's: images NHWC, filters [kh, kw, in, out].
Variants plain, postact, preact, ode, ode-plain; norms none and batch (spectral is not covered)."""
import torch
import torch.nn.functional as F

EPSILON = 1e-5


def build(index, params):
    config = index["config"]
    variant, depth, norm = config["variant"], config["depth"], config["norm"]
    if norm not in ("none", "batch"):
        raise SystemExit(f"resnet_basic reference: norm {norm!r} is not covered (none, batch)")
    scale = config["branchScale"]
    taken = iter(params)

    def conv():
        w = next(taken)
        # 3x3, stride 1, 'same': one pixel of zero padding on each side, as TF.js pads.
        return lambda h: F.conv2d(h.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), padding=1).permute(0, 2, 3, 1)

    def normalisation():
        if norm == "none":
            return lambda h: h
        gamma, beta = next(taken), next(taken)

        def apply(h):
            # Batch statistics over every axis but the features, population variance (tf.moments).
            mean = h.mean(dim=(0, 1, 2), keepdim=True)
            variance = ((h - mean) ** 2).mean(dim=(0, 1, 2), keepdim=True)
            return (h - mean) / torch.sqrt(variance + EPSILON) * gamma + beta

        return apply

    def sequence(*layers):
        def apply(h):
            for layer in layers:
                h = layer(h)
            return h

        return apply

    preactivated = variant in ("preact", "ode")

    def block():
        if preactivated:
            branch = sequence(normalisation(), torch.relu, conv(), normalisation(), torch.relu, conv())
            divided = (lambda h: branch(h) / depth) if variant == "ode" else branch
            return lambda h: h + scale * divided(h)
        branch = sequence(conv(), normalisation(), torch.relu, conv(), normalisation())
        if variant == "postact":
            return lambda h: torch.relu(h + scale * branch(h))
        return lambda h: torch.relu(scale * branch(h))

    stem = sequence(conv(), normalisation(), torch.relu)
    shared = variant in ("ode", "ode-plain")
    one = block() if shared else None
    blocks = [one if shared else block() for _ in range(depth)]
    head_norm = normalisation() if preactivated else (lambda h: h)
    kernel, bias = next(taken), next(taken)

    def forward(x):
        h = stem(x)
        stream = [h]
        for apply in blocks:
            h = apply(h)
            stream.append(h)
        pooled = head_norm(h)
        if preactivated:
            pooled = torch.relu(pooled)
        return pooled.mean(dim=(1, 2)) @ kernel + bias, stream

    return forward
