"""PyTorch reference for gru.recurrent, written out from the same equations in the functional API (see
core's reference/referee.py for the protocol). Variants plain, gru and residual-rnn, the gate-bias option.

The cell is unrolled through time: depth = sequence length, one block per step, every step on the same
weights, so the stream is the hidden state over time: stream[0] = h_0 = 0, stream[t + 1] = h after step t.
The input is the one-hot sequence [batch, steps, vocabulary]; the head (a dense layer) reads the state after
the last step; the task (first-token recall) is softmax cross-entropy, the referee's default loss.

Parameters, in skipbench's order: the input weights W [vocabulary, gates * hidden] (TF.js's [in, out]
layout, gates side by side: z, r, candidate for gru), the recurrent weights U [hidden, gates * hidden], the
biases (gru: b_z [hidden], then b_r and b_candidate together [2 * hidden]; otherwise b [hidden]), the head's
kernel [hidden, vocabulary] and bias [vocabulary].

The gru step is skipbench's, which differs from torch.nn.GRU in two ways, so nn.GRU is not used:
  - z is the share of the candidate: h_t = h + z (h~ − h) = (1 − z) h + z h~ (nn.GRU: (1 − z) n + z h);
  - one bias per gate, on the input side: h~ = tanh(W_c x + b_c + r ⊙ (U_c h)). The reset gate multiplies
    U_c h after the matmul, as nn.GRU does (r ⊙ (W_hn h + b_hn)), not before it as Cho et al. (U (r ⊙ h)),
    but there is no recurrent bias b_hn inside r's product.
A step's branch is scaled by branchScale before its merge, as core's stackModel does."""
import torch


def build(index, params):
    config = index["config"]
    variant, steps, hidden = config["variant"], config["depth"], config["width"]
    if variant not in ("plain", "gru", "residual-rnn"):
        raise SystemExit(f"gru_recurrent reference: variant {variant!r} is not covered (plain, gru, residual-rnn)")
    scale = config["branchScale"]
    taken = iter(params)
    W, U = next(taken), next(taken)
    # The gate bias option lives in the weights skipbench exported (b_z starts at −gate-bias): nothing to read.
    bias = torch.cat([next(taken), next(taken)]) if variant == "gru" else next(taken)
    kernel, head_bias = next(taken), next(taken)

    def gru_branch(h, xt):
        in_z, in_r, in_candidate = xt.split(hidden, dim=1)
        h_z, h_r, h_candidate = (h @ U).split(hidden, dim=1)
        z = torch.sigmoid(in_z + h_z)
        r = torch.sigmoid(in_r + h_r)
        candidate = torch.tanh(in_candidate + r * h_candidate)
        return z * (candidate - h)

    def tanh_branch(h, xt):
        return torch.tanh(xt + h @ U)

    branch = gru_branch if variant == "gru" else tanh_branch
    residual = variant != "plain"

    def forward(x):
        batch = x.shape[0]
        if x.shape[1] != steps:
            raise SystemExit(f"gru_recurrent reference: the sequence has {x.shape[1]} steps, the config {steps}")
        # W x_t + b for every step at once: [batch, steps, gates * hidden].
        inputs = x @ W + bias
        # h_0 = 0 is a stage of the stream too: a leaf that requires its gradient, so dL/dh_0 is reported.
        h = torch.zeros(batch, hidden, dtype=x.dtype, requires_grad=True)
        stream = [h]
        for t in range(steps):
            f = scale * branch(h, inputs[:, t])
            h = h + f if residual else f
            stream.append(h)
        return h @ kernel + head_bias, stream

    return forward
