"""PyTorch 1.13 side of bench/onednn-grouped.cs: the same 12-group convs, forward + backward, median of 10 after 2."""
import time, torch, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(0)
for (B, C, H, K, D, G, S) in [(32, 24, 32, 3, 1, 12, 1), (32, 24, 32, 5, 2, 12, 1), (32, 48, 16, 3, 1, 12, 1), (32, 96, 8, 5, 1, 12, 1), (32, 24, 32, 3, 1, 12, 2), (32, 48, 16, 3, 2, 12, 2)]:
    pad = D * (K - 1) // 2
    x0 = torch.randn(B, C, H, H); w0 = torch.randn(C, C // G, K, K) * 0.3
    ts = []
    for i in range(12):
        x = x0.detach().requires_grad_(); w = w0.detach().requires_grad_()
        t = time.perf_counter()
        y = F.conv2d(x, w, stride=S, padding=pad, dilation=D, groups=G); y.backward(torch.ones_like(y))
        if i >= 2: ts.append((time.perf_counter() - t) * 1000)
    ts.sort(); print(f"B{B} C{C} H{H} k{K} d{D} g{G} s{S}: pytorch {ts[len(ts)//2]:.2f}ms")
