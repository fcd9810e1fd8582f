import sys, time, torch
import torch.nn.functional as F
sys.path.insert(0, "bench/reference")
import perf
torch.set_num_threads(2); torch.manual_seed(0)
b = int(sys.argv[1])
net = perf.Supernet(3, 10, 16, 8)
alphas = [net.alphas_normal, net.alphas_reduce]
x, y = torch.randn(b, 3, 32, 32), torch.randint(0, 10, (b,))
for i in range(4):
    t = time.perf_counter()
    loss = F.cross_entropy(net(x), y)
    f = time.perf_counter() - t
    g = torch.autograd.grad(loss, alphas)
    print(f"fwd {f*1000:.0f} total {(time.perf_counter()-t)*1000:.0f}")
