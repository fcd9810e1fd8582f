"""PyTorch's side of bench/child-memory.cs: glibc's live bytes across a DARTS_V2 child training step (perf.py's
child-step row). Run from the repository root: OMP_NUM_THREADS=2 /usr/bin/python3 bench/reference/child_memory.py"""
import ctypes
import os
import sys
import threading
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perf import child  # noqa: E402


class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]


libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2


def live():
    m = libc.mallinfo2()
    return (m.uordblks + m.hblkhd) / 1048576


torch.manual_seed(0)
net = child()
optimizer = torch.optim.SGD(net.parameters(), 0.05, momentum=0.9, weight_decay=3e-4)
x, y = torch.randn(96, 1, 28, 28), torch.randint(0, 10, (96,))
net.train()
peak = [0.0]


def sample():
    while True:
        peak[0] = max(peak[0], live())
        time.sleep(0.0002)


threading.Thread(target=sample, daemon=True).start()
for step in range(4):
    before = live()
    peak[0] = 0.0
    optimizer.zero_grad()
    loss = F.cross_entropy(net(x), y)
    after_forward = live()
    loss.backward()
    after_backward = live()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 5)
    optimizer.step()
    del loss
    resident = int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576
    print(f"step {step}: live MB before {before:.0f}, after forward {after_forward:.0f}, after backward {after_backward:.0f}, "
          f"peak {peak[0]:.0f}; resident {resident:.0f} MB")
libc.malloc_stats()
