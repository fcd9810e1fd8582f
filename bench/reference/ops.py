"""PyTorch's side of bench/perf/ops.cs (the same ops, sizes and method; see its header)."""
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
bn = nn.BatchNorm2d(48)
bn.train()
w1 = torch.randn(48, 48, 1, 1, requires_grad=True)
wd = torch.randn(48, 1, 3, 3, requires_grad=True)
CASES = [
    ("relu", F.relu),
    ("batchnorm", bn),
    ("add", lambda t: t + t),
    ("maxpool3", lambda t: F.max_pool2d(t, 3, 1, 1)),
    ("avgpool3", lambda t: F.avg_pool2d(t, 3, 1, 1, count_include_pad=False)),
    ("conv1x1", lambda t: F.conv2d(t, w1)),
    ("dwconv3", lambda t: F.conv2d(t, wd, padding=1, groups=48)),
    ("cat4", lambda t: torch.cat([t, t, t, t], 1)),
]
for size in (28, 7):
    data = torch.randn(96, 48, size, size)
    for name, f in CASES:
        times = []
        for i in range(25):
            start = time.perf_counter()
            x = data.detach().requires_grad_(True)
            f(x).sum().backward()
            if i >= 5:
                times.append((time.perf_counter() - start) * 1000)
        print(f"96x48x{size}x{size} {name:<10} {statistics.median(times):8.3f} ms")
