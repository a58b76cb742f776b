"""PyTorch reference for resnet.basic, written out from the same equations in the functional API (see
core's reference/referee.py for the protocol). Layouts are TF.js's: images NHWC, filters [kh, kw, in, out].
Variants plain, postact, preact, ode, ode-plain; norms none and batch (spectral is not covered).
Inside, maps are NCHW, PyTorch's fast layout; each stage of the stream is handed over as an NHWC view on the
path, so its gradient is skipbench's dL/dstream[l] and the timing is PyTorch's own."""
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
        return lambda h: F.conv2d(h, w.permute(3, 2, 0, 1), padding=1)

    def normalisation():
        if norm == "none":
            return lambda h: h
        gamma, beta = next(taken), next(taken)

        def apply(h):
            # Batch statistics over every axis but the features, population variance (tf.moments).
            mean = h.mean(dim=(0, 2, 3), keepdim=True)
            variance = ((h - mean) ** 2).mean(dim=(0, 2, 3), keepdim=True)
            return (h - mean) / torch.sqrt(variance + EPSILON) * gamma.view(1, -1, 1, 1) + beta.view(1, -1, 1, 1)

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

    stream = []

    def stage(h):
        # The NHWC view is on the path: its .grad is dL/dstream[l] in skipbench's layout.
        view = h.permute(0, 2, 3, 1)
        stream.append(view)
        return view.permute(0, 3, 1, 2)

    def forward(x):
        stream.clear()
        h = stage(stem(x.permute(0, 3, 1, 2)))
        for apply in blocks:
            h = stage(apply(h))
        pooled = head_norm(h)
        if preactivated:
            pooled = torch.relu(pooled)
        return pooled.mean(dim=(2, 3)) @ kernel + bias, list(stream)

    return forward
