"""PyTorch reference for unet.segment, written out from the same equations in the functional API (see core's
reference/referee.py for the protocol). Layouts are TF.js's: images NHWC, filters [kh, kw, in, out].
Variants plain, skip and residual; norms none and batch; 'same' (options.valid 0) and 'valid' (options.valid 1)
3x3 convolutions; every levels option. The loss is the task's: sigmoid cross-entropy, a mean over every pixel
of the (centre-cropped under valid padding) mask."""
import torch
import torch.nn.functional as F

EPSILON = 1e-5
DEFAULT_LEVELS = 3


def stage_levels(stages, levels):
    """geometry.ts's stageLevels: one decoder stage per level, the rest to the deepest levels first."""
    per_level = [stages // levels + (1 if i < stages % levels else 0) for i in range(levels)]
    return [levels - 1 - i for i, count in enumerate(per_level) for _ in range(count)]


def centre_crop(h, side):
    """The central side x side window of an NHWC map (TS's centreCrop)."""
    offset = (h.shape[1] - side) // 2
    return h if offset == 0 else h[:, offset : offset + side, offset : offset + side, :]


def build(index, params):
    config = index["config"]
    variant, depth, norm, width = config["variant"], config["depth"], config["norm"], config["width"]
    if variant not in ("plain", "skip", "residual"):
        raise SystemExit(f"unet_segment reference: variant {variant!r} is not covered (plain, skip, residual)")
    if norm not in ("none", "batch"):
        raise SystemExit(f"unet_segment reference: norm {norm!r} is not covered (none, batch)")
    options = config.get("options") or {}
    valid = options.get("valid", 0) == 1
    # optionValue: an unset levels is the default 3, lowered to the depth below depth 3.
    levels = options.get("levels", min(DEFAULT_LEVELS, depth))
    scale = config["branchScale"]
    residual = variant == "residual"
    long_skips = variant != "plain"
    channels = lambda level: width * 2**level
    taken = iter(params)

    def take(shape):
        p = next(taken)
        if list(p.shape) != list(shape):
            raise SystemExit(f"unet_segment reference: expected a parameter of shape {shape}, got {list(p.shape)}")
        return p

    def conv(kernel, c_in, c_out, padding):
        w = take([kernel, kernel, c_in, c_out])
        # Stride 1, no bias. 'same' with a 3x3 kernel pads one zero pixel on each side (as TF.js pads);
        # 'valid' pads none, so the side shrinks by 2. A 1x1 kernel pads nothing either way.
        pad = 1 if padding == "same" and kernel == 3 else 0
        return lambda h: F.conv2d(h.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), padding=pad).permute(0, 2, 3, 1)

    padding = "valid" if valid else "same"
    conv3 = lambda c_in, c_out: conv(3, c_in, c_out, padding)

    def normalisation(features):
        if norm == "none":
            return lambda h: h
        gamma, beta = take([features]), take([features])

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

    def residual_branch(c_in, c_out):
        return sequence(conv3(c_in, c_out), normalisation(c_out), torch.relu, conv3(c_out, c_out), normalisation(c_out))

    def add_residual(h, f):
        # relu(h + F(h)), the identity centre-cropped to F's side under valid padding.
        return torch.relu(centre_crop(h, f.shape[1]) + f)

    def layer(c_in, c_out):
        """A unit as one layer: conv, norm, relu, conv, norm, relu; or relu(shortcut(x) + F(x))."""
        if not residual:
            return sequence(conv3(c_in, c_out), normalisation(c_out), torch.relu, conv3(c_out, c_out), normalisation(c_out), torch.relu)
        branch = residual_branch(c_in, c_out)
        # The 1x1 projection comes after the branch's parameters.
        shortcut = conv(1, c_in, c_out, "same") if c_in != c_out else (lambda h: h)
        return lambda x: add_residual(shortcut(x), branch(x))

    def block(c):
        """A same-level extra decoder stage: merge(h, branchScale * F(h))."""
        if not residual:
            unit = layer(c, c)
            return lambda h, maps: scale * unit(h)
        branch = residual_branch(c, c)
        return lambda h, maps: add_residual(h, scale * branch(h))

    def up_stage(level):
        """Nearest 2x2 up-sampling, a 1x1 convolution halving the channels, the cropped long skip, a unit."""
        project = conv(1, channels(level + 1), channels(level), "same")
        unit = layer(2 * channels(level) if long_skips else channels(level), channels(level))

        def apply(h, maps):
            n, rows, columns, c = h.shape
            repeated = (h.reshape(n, rows, 1, columns, 1, c) * torch.ones(1, 1, 2, 1, 2, 1, dtype=h.dtype)).reshape(n, rows * 2, columns * 2, c)
            upsampled = project(repeated)
            merged = upsampled if not long_skips else torch.cat([centre_crop(maps[level], upsampled.shape[1]), upsampled], dim=-1)
            return scale * unit(merged)

        return apply

    encoder = [layer(1 if level == 0 else channels(level - 1), channels(level)) for level in range(levels)]
    bottleneck = layer(channels(levels - 1), channels(levels))
    at = stage_levels(depth, levels)
    blocks = [block(channels(level)) if stage > 0 and at[stage - 1] == level else up_stage(level) for stage, level in enumerate(at)]
    head = conv(1, channels(0), 1, "same")
    left = sum(1 for _ in taken)
    if left:
        raise SystemExit(f"unet_segment reference: {left} parameters left over")

    def forward(x):
        maps = []
        h = x
        for level in encoder:
            h = level(h)
            maps.append(h)
            # 2x2 max-pool, stride 2 (the sides are even: geometry.ts refuses odd ones).
            h = F.max_pool2d(h.permute(0, 3, 1, 2), 2, 2).permute(0, 2, 3, 1)
        h = bottleneck(h)
        stream = [h]
        for apply in blocks:
            h = apply(h, maps)
            stream.append(h)
        return head(h), stream

    return forward


def loss(out, y):
    """tf.losses.sigmoidCrossEntropy(y, logits): relu(x) - x y + log1p(exp(-|x|)), the mean over every pixel.

    The same function as torch's binary_cross_entropy_with_logits, whose gradient is sigmoid(x) - y everywhere.
    Written out term by term, torch's autograd would take relu'(0) = |.|'(0) = 0 and give -y at a logit of
    exactly 0 (a pixel whose last map is all zeros, common at small widths), where TF.js (|.|'(0) = -1) gives
    the true derivative 1/2 - y."""
    return F.binary_cross_entropy_with_logits(out, y)
