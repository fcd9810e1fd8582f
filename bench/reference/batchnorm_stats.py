# PyTorch's side of bench/batchnorm-stats.cs: batch norm's training forward on the same shapes, same method (median of
# 30 after 5 warm-up). Run: OMP_NUM_THREADS=2 /usr/bin/python3 bench/reference/batchnorm_stats.py
import time
import torch
import torch.nn.functional as F

torch.manual_seed(0)
for n, c, h in [(96, 16, 28), (96, 64, 28), (96, 32, 14), (96, 128, 14), (64, 16, 32), (64, 64, 16)]:
    x = torch.randn(n, c, h, h) * 2 + 1
    w, b = torch.rand(c), torch.randn(c)

    def step():
        F.batch_norm(x, torch.zeros(c), torch.ones(c), w, b, True, 0.1, 1e-5)

    for _ in range(5):
        step()
    times = []
    for _ in range(30):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    print(f"{n}x{c}x{h}x{h}: PyTorch {torch.__version__} training forward {times[15]:.2f} ms")
