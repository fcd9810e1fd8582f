"""PyTorch's side of the performance suite (bench/perf/run.sh runs it against bench/perf/perf.cs, NasSharp's side).
One row per process, so each row's peak resident memory is its own:
  /usr/bin/python3 bench/reference/perf.py ROW [--steps N] [--warmup W]
prints one JSON line: {"side":"pytorch","row":...,"median_ms":...,"steps":N,"peak_rss_mb":...,"params":...,
"threads":...,"flops":...}, flops being one timed step's floating-point operations, counted analytically.
Rows and steps are perf.cs's. The models mirror NasSharp's C# (the same ops, op order, BatchNorm affine flags and
preprocessing, so the parameter counts are equal), which follows quark0/darts:
  - supernet: src/NasSharp/Networks/DartsSupernet.cs, DartsSearchCell.cs, MixedOp.cs (cnn/model_search.py);
  - child: src/NasSharp/Networks/DartsNetwork.cs, DartsCell.cs (cnn/model.py NetworkCIFAR, genotypes.py DARTS_V2);
  - ops: src/NasSharp/Ops/CellOps.cs, OpRegistry.cs, ReluConvBn.cs, DilConv.cs, SepConv.cs, FactorizedReduce.cs
    (cnn/operations.py);
  - search step: src/NasSharp/Strategies/Darts/BilevelOptimizer.cs Step, DartsArchitect.cs FirstOrder
    (cnn/train_search.py train, cnn/architect.py).
Where NasSharp differs from quark0/darts this file follows NasSharp: MixedOp does not run `none` (its term is zero),
FactorizedReduce zero-pads the shifted path (the same result on even sizes), α is a registered parameter (counted in
params) and its first-order gradient comes from autograd.grad w.r.t. α alone, not a full backward.
"""
import argparse
import json
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from bats import bats_supernet_step
from data import data_augment, data_decode
from enas_micro import enas_micro_step
from enas_rnn import shared_step_setup
from petridish import petridish_step

DARTS_OPS = ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3",
             "dil_conv_5x5"]  # src/NasSharp/SearchSpaces/OpNames.cs Darts, genotypes.py PRIMITIVES
DARTS_V2 = {  # genotypes.py DARTS_V2: (op, input) per edge, two edges per node
    "normal": [("sep_conv_3x3", 0), ("sep_conv_3x3", 1), ("sep_conv_3x3", 0), ("sep_conv_3x3", 1),
               ("sep_conv_3x3", 1), ("skip_connect", 0), ("skip_connect", 0), ("dil_conv_3x3", 2)],
    "reduce": [("max_pool_3x3", 0), ("max_pool_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1),
               ("max_pool_3x3", 0), ("skip_connect", 2), ("skip_connect", 2), ("max_pool_3x3", 1)],
    "concat": [2, 3, 4, 5],
}


class ReluConvBn(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class DilConv(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride, padding, dilation, affine):
        super().__init__()
        self.depthwise = nn.Conv2d(c_in, c_in, kernel, stride, padding, dilation, groups=c_in, bias=False)
        self.pointwise = nn.Conv2d(c_in, c_out, 1, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        return self.bn(self.pointwise(self.depthwise(F.relu(x))))


class SepConv(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__()
        self.first = DilConv(c_in, c_in, kernel, stride, padding, 1, affine)
        self.second = DilConv(c_in, c_out, kernel, 1, padding, 1, affine)

    def forward(self, x):
        return self.second(self.first(x))


class FactorizedReduce(nn.Module):
    def __init__(self, c_in, c_out, affine):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.conv2 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        r = F.relu(x)
        shifted = F.pad(r, [0, 1, 0, 1])[:, :, 1:, 1:]
        return self.bn(torch.cat([self.conv1(r), self.conv2(shifted)], 1))


OPS = {  # OpRegistry.cs (operations.py OPS): (channels, stride, affine) -> op; no `none`, which neither network runs
    "skip_connect": lambda c, s, a: nn.Identity() if s == 1 else FactorizedReduce(c, c, a),
    "max_pool_3x3": lambda c, s, a: nn.MaxPool2d(3, s, 1),
    "avg_pool_3x3": lambda c, s, a: nn.AvgPool2d(3, s, 1, count_include_pad=False),
    "sep_conv_3x3": lambda c, s, a: SepConv(c, c, 3, s, 1, a),
    "sep_conv_5x5": lambda c, s, a: SepConv(c, c, 5, s, 2, a),
    "dil_conv_3x3": lambda c, s, a: DilConv(c, c, 3, s, 2, 2, a),
    "dil_conv_5x5": lambda c, s, a: DilConv(c, c, 5, s, 4, 2, a),
}


def preprocess(c_in, c_out, affine, reduce):
    return FactorizedReduce(c_in, c_out, affine) if reduce else ReluConvBn(c_in, c_out, 1, 1, 0, affine)


class MixedOp(nn.Module):
    """Σ_k w_k · op_k(x) over the DARTS ops but `none`; pooling is followed by a non-affine BatchNorm
    (CellOps.CreateMixed)."""

    def __init__(self, c, stride):
        super().__init__()
        names = [n for n in DARTS_OPS if n != "none"]
        self.index = [DARTS_OPS.index(n) for n in names]
        self.ops = nn.ModuleList(
            nn.Sequential(OPS[n](c, stride, False), nn.BatchNorm2d(c, affine=False)) if "pool" in n
            else OPS[n](c, stride, False) for n in names)

    def forward(self, x, weights):
        w = weights.unbind(0)
        out = None
        for k, op in zip(self.index, self.ops):
            term = op(x) * w[k]
            out = term if out is None else out.add_(term)
        return out


class SearchCell(nn.Module):
    """DartsSearchCell: node i sums a MixedOp over every earlier state; non-affine preprocessing."""

    def __init__(self, c_prev_prev, c_prev, c, reduction, reduction_prev, nodes=4):
        super().__init__()
        self.reduction, self.nodes = reduction, nodes
        self.preprocess0 = preprocess(c_prev_prev, c, False, reduction_prev)
        self.preprocess1 = preprocess(c_prev, c, False, False)
        self.edges = nn.ModuleList(
            MixedOp(c, 2 if reduction and j < 2 else 1) for i in range(nodes) for j in range(2 + i))

    def forward(self, s0, s1, weights):
        w = weights.unbind(0)
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        offset = 0
        for _ in range(self.nodes):
            node = self.edges[offset](states[0], w[offset])
            for j in range(1, len(states)):
                node = node + self.edges[offset + j](states[j], w[offset + j])
            offset += len(states)
            states.append(node)
        return torch.cat(states[2:], 1)


class ChildCell(nn.Module):
    """DartsCell: two genotype ops per node, summed; affine preprocessing; no drop-path (probability 0)."""

    def __init__(self, genotype, c_prev_prev, c_prev, c, reduction, reduction_prev):
        super().__init__()
        edges = genotype["reduce" if reduction else "normal"]
        self.inputs, self.concat = [i for _, i in edges], genotype["concat"]
        self.preprocess0 = preprocess(c_prev_prev, c, True, reduction_prev)
        self.preprocess1 = preprocess(c_prev, c, True, False)
        self.ops = nn.ModuleList(OPS[op](c, 2 if reduction and i < 2 else 1, True) for op, i in edges)

    def forward(self, s0, s1):
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for e in range(0, len(self.ops), 2):
            states.append(self.ops[e](states[self.inputs[e]]) + self.ops[e + 1](states[self.inputs[e + 1]]))
        return torch.cat([states[i] for i in self.concat], 1)


class CellNetwork(nn.Module):
    """A 3C stem, `layers` cells of 4 concatenated nodes with reductions (channels doubled) at layers/3 and
    2·layers/3, global average pooling and a linear classifier (DartsSupernet and DartsNetwork alike)."""

    def __init__(self, input_channels, classes, c, layers, make_cell, multiplier=4):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(input_channels, 3 * c, 3, padding=1, bias=False), nn.BatchNorm2d(3 * c))
        c_prev_prev = c_prev = 3 * c
        reduction_prev = False
        cells = []
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c *= 2
            cells.append(make_cell(c_prev_prev, c_prev, c, reduction, reduction_prev))
            reduction_prev, c_prev_prev, c_prev = reduction, c_prev, multiplier * c
        self.cells = nn.ModuleList(cells)
        self.classifier = nn.Linear(c_prev, classes)

    def classify(self, x, run_cell):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            s0, s1 = s1, run_cell(cell, s0, s1)
        return self.classifier(F.adaptive_avg_pool2d(s1, 1).flatten(1))


class Supernet(CellNetwork):
    """DartsSupernet: α_normal and α_reduce [14, 8] = 1e-3 · randn, mixing weights softmax(α) (temperature 1)."""

    def __init__(self, input_channels, classes, c, layers):
        super().__init__(input_channels, classes, c, layers, SearchCell)
        edges = len(self.cells[0].edges)
        self.alphas_normal = nn.Parameter(1e-3 * torch.randn(edges, len(DARTS_OPS)))
        self.alphas_reduce = nn.Parameter(1e-3 * torch.randn(edges, len(DARTS_OPS)))

    def forward(self, x):
        normal, reduce = F.softmax(self.alphas_normal, -1), F.softmax(self.alphas_reduce, -1)
        return self.classify(x, lambda cell, s0, s1: cell(s0, s1, reduce if cell.reduction else normal))


class Child(CellNetwork):
    """DartsNetwork of a genotype, without auxiliary head or dropout."""

    def __init__(self, genotype, input_channels, classes, c, layers):
        super().__init__(input_channels, classes, c, layers,
                         lambda *shape: ChildCell(genotype, *shape), multiplier=len(genotype["concat"]))

    def forward(self, x):
        return self.classify(x, lambda cell, s0, s1: cell(s0, s1))


def forward_flops(net, x):
    """2 · multiply-adds of every Conv2d and Linear in one forward of `net` on `x` (in eval mode, without autograd;
    BatchNorm, ReLU, pooling and the elementwise sums and products are not counted). Checks the logits' shape."""
    total = 0

    def count(module, inputs, output):
        nonlocal total
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total += 2 * output.numel() * (module.in_channels // module.groups) * kh * kw
        else:
            total += 2 * output.numel() * module.in_features

    hooks = [m.register_forward_hook(count) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    training = net.training
    net.eval()
    with torch.no_grad():
        logits = net(x)
    net.train(training)
    for h in hooks:
        h.remove()
    assert logits.shape == (x.shape[0], 10), logits.shape
    return total


def parameter_count(net):
    return sum(p.numel() for p in net.parameters())


# FLOPs of a step as multiples of its forward's: a training step is forward + backward to the inputs (1x) + to the
# weights (1x); the α step's autograd.grad w.r.t. α alone backpropagates to every activation but computes no weight
# gradient (each convolution_backward runs with output_mask [True, False, False]), so forward + 1x. Both overcount
# the stem a little (no input gradient; in the α step no backward at all): under 1% of any row.
TRAIN_STEP, ALPHA_STEP = 3, 2


def matmul_peak():
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    return (lambda: a @ b), 0, 2 * 2048 ** 3


def darts(row, batch=64):
    """DartsPresets "paper": C=16, 8 cells; BilevelOptimizer's optimisers; first order."""
    net = Supernet(3, 10, 16, 8)
    alphas = [net.alphas_normal, net.alphas_reduce]
    weights = [p for name, p in net.named_parameters() if not name.startswith("alphas_")]
    weight_optimizer = torch.optim.SGD(weights, 0.025, momentum=0.9, weight_decay=3e-4)
    alpha_optimizer = torch.optim.Adam(alphas, 3e-4, betas=(0.5, 0.999), weight_decay=1e-3)
    x, y = torch.randn(batch, 3, 32, 32), torch.randint(0, 10, (batch,))
    x_valid, y_valid = torch.randn(batch, 3, 32, 32), torch.randint(0, 10, (batch,))

    def alpha_step():
        alpha_optimizer.zero_grad()
        loss = F.cross_entropy(net(x_valid), y_valid)
        for alpha, grad in zip(alphas, torch.autograd.grad(loss, alphas)):
            alpha.grad = grad
        alpha_optimizer.step()

    def weight_step():
        weight_optimizer.zero_grad()
        F.cross_entropy(net(x), y).backward()
        nn.utils.clip_grad_norm_(weights, 5)
        weight_optimizer.step()

    def bilevel_step():
        alpha_step()
        weight_step()

    forward = forward_flops(net, x)
    if row == "darts-alpha-step":
        return alpha_step, parameter_count(net), ALPHA_STEP * forward
    return bilevel_step, parameter_count(net), (ALPHA_STEP + TRAIN_STEP) * forward


def child():
    return Child(DARTS_V2, 1, 10, 16, 5)


def child_step(batch=96):
    net = child()
    optimizer = torch.optim.SGD(net.parameters(), 0.05, momentum=0.9, weight_decay=3e-4)
    x, y = torch.randn(batch, 1, 28, 28), torch.randint(0, 10, (batch,))
    net.train()

    def step():
        optimizer.zero_grad()
        F.cross_entropy(net(x), y).backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5)
        optimizer.step()

    return step, parameter_count(net), TRAIN_STEP * forward_flops(net, x)


def infer(batch):
    net = child()
    net.eval()
    x = torch.randn(batch, 1, 28, 28)

    def step():
        with torch.inference_mode():
            net(x)

    return step, parameter_count(net), forward_flops(net, x)


ROWS = {
    "matmul-peak": matmul_peak,
    "darts-supernet-step": lambda: darts("darts-supernet-step"),
    "darts-alpha-step": lambda: darts("darts-alpha-step"),
    "bats-supernet-step": bats_supernet_step,  # bats.py: the binary supernet (src/NasSharp/Ops/Binary)
    "enas-micro-step": enas_micro_step,  # enas_micro.py: shared step on a fixed sampled child + a controller step
    "enas-rnn-shared-step": shared_step_setup,  # enas_rnn.py: EnasRnnSharedModel's step, enas_lm search settings
    "petridish-step": petridish_step,  # petridish.py: the seed with candidates attached
    "child-step": child_step,
    "data-decode": data_decode,  # data.py: the PyTorch user's way, a Dataset and a DataLoader with workers
    "data-augment": data_augment,
    "infer-1": lambda: infer(1),
    "infer-64": lambda: infer(64),
}


def main():
    parser = argparse.ArgumentParser(description="PyTorch side of NasSharp's performance suite (bench/perf/run.sh)")
    parser.add_argument("row", choices=ROWS)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    args = parser.parse_args()
    if "OMP_NUM_THREADS" in os.environ:
        torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    torch.manual_seed(0)
    step, params, flops = ROWS[args.row]()
    # PERF_LIVE=1: glibc's live bytes and heap size sampled every millisecond, as perf.cs does (diagnostic only).
    peak = {"live": 0, "heap": 0}
    sampling = os.environ.get("PERF_LIVE") == "1"
    if sampling:
        import ctypes
        import threading

        class Info(ctypes.Structure):
            _fields_ = [(n, ctypes.c_size_t) for n in
                        ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
        mallinfo2.restype = Info

        def sample():
            while True:
                m = mallinfo2()
                peak["live"] = max(peak["live"], m.uordblks + m.hblkhd)
                peak["heap"] = max(peak["heap"], m.arena + m.hblkhd)
                time.sleep(0.001)
        threading.Thread(target=sample, daemon=True).start()
    times = []
    # PERF_MARK=1: a malloc of 777,777 bytes, freed at once, before each step (as perf.cs): bench/alloc-trace's step marks.
    mark = None
    if os.environ.get("PERF_MARK") == "1":
        import ctypes as marks
        mark = marks.CDLL(None)  # the process's malloc (an LD_PRELOAD one first), not libc's by name
        mark.malloc.restype = marks.c_void_p
        mark.free.argtypes = [marks.c_void_p]
    for i in range(args.warmup + args.steps):
        if mark:
            mark.free(mark.malloc(777777))
        start = time.perf_counter()
        step()
        if i >= args.warmup:
            times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({
        "side": "pytorch", "row": args.row, "median_ms": round(statistics.median(times), 2), "steps": args.steps,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "params": params, "threads": torch.get_num_threads(), "flops": flops,
        **({"peak_live_mb": round(peak["live"] / 1048576), "peak_heap_mb": round(peak["heap"] / 1048576)} if sampling else {}),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
