"""PyTorch reference for skipbench's train-step timing: the same network as
`skipbench run throughput --arch resnet.basic --variant preact --norm none --depths 8 --batch 32 --input-size 32`
(stem conv 3->16 + ReLU, 8 blocks h + conv(relu(conv(relu(h)))), global average pool, dense 16->4;
forward, all gradients, SGD update). Prints the median step time in ms over repetitions.

Run with Debian's torch: /usr/bin/python3 scripts/reference/resnet_train_step.py [--device cuda]
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn


class PreactBlock(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv1 = nn.Conv2d(width, width, 3, padding=1, bias=False)
        self.conv2 = nn.Conv2d(width, width, 3, padding=1, bias=False)

    def forward(self, h):
        return h + self.conv2(torch.relu(self.conv1(torch.relu(h))))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--depth", type=int, default=8)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--size", type=int, default=32)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="CPU threads (0: torch's default)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    device = torch.device(args.device)
    model = nn.Sequential(
        nn.Conv2d(3, args.width, 3, padding=1, bias=False),
        nn.ReLU(),
        *[PreactBlock(args.width) for _ in range(args.depth)],
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(args.width, 4),
    ).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    x = torch.randn(args.batch, 3, args.size, args.size, device=device)
    y = torch.randint(0, 4, (args.batch,), device=device)

    def step():
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()  # the clock stops after the result is read back

    for _ in range(3):
        step()
    means = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _ in range(args.iterations):
            step()
        means.append((time.perf_counter() - start) * 1000 / args.iterations)
    print(f"pytorch {torch.__version__} {args.device} threads={torch.get_num_threads()}: train step {statistics.median(means):.1f} ms (repetitions {', '.join(f'{m:.1f}' for m in means)})")


if __name__ == "__main__":
    main()
