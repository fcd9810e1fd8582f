"""PyTorch's side of perf.cs's row `bats-supernet-step`: the BATS binary supernet and one first-order bilevel step.

The model mirrors NasSharp's C# op for op (module and parameter names too, so the two parameter lists can be diffed):
  - options: src/NasSharp/Strategies/Darts/DartsPresets.cs Options("bats", "darts", "paper") over DartsOptions.cs's
    defaults: C=24, 8 cells, 4 nodes, BinaryGroups 12, Temperature 0.2 (perf.cs: batch 32); DartsSearch.cs
    BuildSupernet: DartsSupernet over BinaryCellOps(12), the 8 DARTS ops (OpNames.Darts; no sep_conv_7x7);
  - network: src/NasSharp/Networks/DartsSupernet.cs (stem, cells, pool, classifier, α [14, 8] = 1e-3 · randn),
    DartsSearchCell.cs, MixedOp.cs (`none` built but not run), DifferentiableSupernet.cs (softmax(α / T)),
    AlphaGroup.cs;
  - ops: src/NasSharp/Ops/Binary/BinaryCellOps.cs (stem conv3x3 → BN (affine) → ReLU; pooling without BatchNorm, in
    the mixed op too; skip_connect identity or BinaryFactorizedReduce; sep/dil convs one grouped binary conv),
    BinaryGroupedConv.cs (BN → binary grouped conv → PReLU → channel shuffle(4), + x at stride 1),
    BinaryPreprocess.cs (BN → 1x1 binary conv → PReLU, + x when c_in == c_out), BinaryFactorizedReduce.cs
    (BN → two stride-2 1x1 binary convs, the second on x[:, :, 1:, 1:] → cat → PReLU), BinaryConv2d.cs
    (conv(sign_ste(x), W), no bias; W real in the search: stage 1, BinarizeWeights off), SignSte.cs (sign forward;
    backward the gradient where |x| < 1, else 0), WeightBinarizer.cs (stage 2 only: built here, never switched on),
    ChannelShuffle.cs; src/NasSharp/Ops/Zero.cs. BatchNorm inside the supernet is not affine (CreateMixed, the
    cells' preprocessing with affine false), the stem's is;
  - step: src/NasSharp/Strategies/Darts/BilevelOptimizer.cs Step and DartsArchitect.cs FirstOrder: the α step
    (ω frozen as src/NasSharp/Runtime/FrozenParameters.cs: requires_grad off, autograd.grad w.r.t. α alone, α.grad
    set through DartsArchitect.SetAlphaGradients's surrogate Σ α·g, Adam 3e-4, betas 0.5/0.999, wd 1e-3), then the
    ω step (α frozen, SGD 0.025, momentum 0.9, wd 3e-4, clip_grad_norm 5, the step skipped on a non-finite loss or
    norm).
Differences: the sign STE is a Python torch.autograd.Function (NasSharp's a TorchSharp SingleTensorFunction: the same
ops, sign forward and abs/ge/masked_fill backward, but NasSharp's autograd calls back into .NET); optimizer.zero_grad()
is PyTorch 1.13's default (set_to_none False: the grads zeroed in place), whatever TorchSharp's does. perf.py imports
this module, so this module imports perf (forward_flops, ALPHA_STEP, TRAIN_STEP) only inside bats_supernet_step.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

DARTS_OPS = ["none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3",
             "dil_conv_5x5"]  # src/NasSharp/SearchSpaces/OpNames.cs Darts
SHUFFLE_GROUPS = 4  # BinaryGroupedConv.ShuffleGroups


class SignSte(torch.autograd.Function):
    """SignSte.cs: sign(x) (0 at 0); backward passes the gradient where |x| < 1 and 0 where |x| >= 1."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.sign()

    @staticmethod
    def backward(ctx, grad):
        x, = ctx.saved_tensors
        return grad.masked_fill(x.abs().ge(1), 0)


def binarize_weight(weight):
    """WeightBinarizer.cs (stage 2 only): sign_ste(W - mean(W, 1)) · mean|W - mean(W, 1)| per output channel, detached."""
    centred = weight.sub(weight.mean([1], keepdim=True))
    alpha = centred.abs().mean([1, 2, 3], keepdim=True).detach()
    return SignSte.apply(centred).mul(alpha)


class BinaryConv2d(nn.Conv2d):
    """BinaryConv2d.cs: conv2d(sign_ste(x), W), no bias; W as nn.Conv2d's (Kaiming uniform, a = √5). A subclass of
    nn.Conv2d (the parameter `weight` and nothing else) so that perf.forward_flops counts it."""

    def __init__(self, c_in, c_out, kernel, stride=1, padding=0, dilation=1, groups=1):
        super().__init__(c_in, c_out, kernel, stride, padding, dilation, groups, bias=False)
        self.binarize_weights = False  # the search supernet is stage 1: binary activations, real weights

    def forward(self, x):
        w = binarize_weight(self.weight) if self.binarize_weights else self.weight
        return F.conv2d(SignSte.apply(x), w, None, self.stride, self.padding, self.dilation, self.groups)


def channel_shuffle(x, groups):
    """ChannelShuffle.cs: view [n, g, c/g, h, w], swap axes 1 and 2, contiguous, view back."""
    n, c, h, w = x.shape
    return x.view(n, groups, c // groups, h, w).transpose(1, 2).contiguous().view(n, c, h, w)


class BinaryGroupedConv(nn.Module):
    """BinaryGroupedConv.cs: BN → binary grouped conv (C → C) → PReLU(C) → shuffle(4); + x at stride 1."""

    def __init__(self, c, kernel, stride, padding, dilation, groups, affine):
        super().__init__()
        self.bn = nn.BatchNorm2d(c, affine=affine)
        self.conv = BinaryConv2d(c, c, kernel, stride, padding, dilation, groups)
        self.act = nn.PReLU(c)
        self.stride = stride

    def forward(self, x):
        y = channel_shuffle(self.act(self.conv(self.bn(x))), SHUFFLE_GROUPS)
        return x.add(y) if self.stride == 1 else y


class BinaryPreprocess(nn.Module):
    """BinaryPreprocess.cs: BN → 1x1 binary conv → PReLU, + x when c_in == c_out."""

    def __init__(self, c_in, c_out, affine):
        super().__init__()
        self.bn = nn.BatchNorm2d(c_in, affine=affine)
        self.conv = BinaryConv2d(c_in, c_out, 1)
        self.act = nn.PReLU(c_out)
        self.shortcut = c_in == c_out

    def forward(self, x):
        y = self.act(self.conv(self.bn(x)))
        return x.add(y) if self.shortcut else y


class BinaryFactorizedReduce(nn.Module):
    """BinaryFactorizedReduce.cs: BN → cat(conv1(h), conv2(h[:, :, 1:, 1:])) (1x1, stride 2, binary) → PReLU; odd
    sizes zero-pad the shifted path first (never here: 32, 16, 8)."""

    def __init__(self, c_in, c_out, affine):
        super().__init__()
        self.bn = nn.BatchNorm2d(c_in, affine=affine)
        self.conv1 = BinaryConv2d(c_in, c_out // 2, 1, stride=2)
        self.conv2 = BinaryConv2d(c_in, c_out // 2, 1, stride=2)
        self.act = nn.PReLU(c_out)

    def forward(self, x):
        h = self.bn(x)
        shifted = h[:, :, 1:, 1:] if h.shape[2] % 2 == 0 and h.shape[3] % 2 == 0 else F.pad(h, [0, 1, 0, 1])[:, :, 1:, 1:]
        return self.act(torch.cat([self.conv1(h), self.conv2(shifted)], 1))


class Zero(nn.Module):
    """Zero.cs (`none`): built, as NasSharp's MixedOp builds it, but never run."""

    def __init__(self, stride):
        super().__init__()
        self.stride = stride

    def forward(self, x):
        return torch.zeros_like(x if self.stride == 1 else x[:, :, ::self.stride, ::self.stride])


def binary_op(op, c, stride, groups, affine=False):
    """BinaryCellOps.Create (CreateMixed: affine false, no BatchNorm after pooling)."""
    if op == "none":
        return Zero(stride)
    if op == "max_pool_3x3":
        return nn.MaxPool2d(3, stride, 1)
    if op == "avg_pool_3x3":
        return nn.AvgPool2d(3, stride, 1, count_include_pad=False)
    if op == "skip_connect":
        return nn.Identity() if stride == 1 else BinaryFactorizedReduce(c, c, affine)
    kernel, padding, dilation = {"sep_conv_3x3": (3, 1, 1), "sep_conv_5x5": (5, 2, 1), "dil_conv_3x3": (3, 2, 2),
                                 "dil_conv_5x5": (5, 4, 2)}[op]
    return BinaryGroupedConv(c, kernel, stride, padding, dilation, groups, affine)


class BinaryMixedOp(nn.Module):
    """MixedOp.cs: Σ_k w_k · op_k(x), `none` skipped (its term is zero)."""

    def __init__(self, c, stride, groups):
        super().__init__()
        self.ops = nn.ModuleList(binary_op(n, c, stride, groups) for n in DARTS_OPS)
        self.skip = [n == "none" for n in DARTS_OPS]

    def forward(self, x, weights):
        w = weights.unbind(0)
        out = None
        for k, op in enumerate(self.ops):
            if self.skip[k]:
                continue
            term = op(x).mul(w[k])
            out = term if out is None else out.add_(term)
        return out


class BinarySearchCell(nn.Module):
    """DartsSearchCell.cs over BinaryCellOps: preprocessing not affine (BinaryFactorizedReduce after a reduction),
    node i sums a mixed op over every earlier state, output the nodes concatenated."""

    def __init__(self, c_prev_prev, c_prev, c, reduction, reduction_prev, groups, nodes=4):
        super().__init__()
        self.reduction, self.nodes = reduction, nodes
        self.preprocess0 = (BinaryFactorizedReduce(c_prev_prev, c, False) if reduction_prev
                            else BinaryPreprocess(c_prev_prev, c, False))
        self.preprocess1 = BinaryPreprocess(c_prev, c, False)
        self.edges = nn.ModuleList(BinaryMixedOp(c, 2 if reduction and j < 2 else 1, groups)
                                   for i in range(nodes) for j in range(2 + i))

    def forward(self, s0, s1, weights):
        w = weights.unbind(0)
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        offset = 0
        for _ in range(self.nodes):
            node = None
            for j in range(len(states)):
                h = self.edges[offset + j](states[j], w[offset + j])
                node = h if node is None else node.add(h)
            offset += len(states)
            states.append(node)
        return torch.cat(states[2:], 1)


class BatsSupernet(nn.Module):
    """DartsSupernet.cs over BinaryCellOps: stem conv3x3 (3C) → BN → ReLU, `layers` cells with reductions (channels
    doubled) at layers/3 and 2·layers/3, global average pooling, linear classifier; mixing weights softmax(α / T)."""

    def __init__(self, input_channels=3, classes=10, c=24, layers=8, nodes=4, groups=12, temperature=0.2):
        super().__init__()
        self.temperature = temperature
        c_curr = 3 * c
        self.stem = nn.Sequential(nn.Conv2d(input_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr),
                                  nn.ReLU())
        c_prev_prev, c_prev, c_curr = c_curr, c_curr, c
        reduction_prev = False
        cells = []
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c_curr *= 2
            cells.append(BinarySearchCell(c_prev_prev, c_prev, c_curr, reduction, reduction_prev, groups, nodes))
            reduction_prev, c_prev_prev, c_prev = reduction, c_prev, nodes * c_curr
        self.cells = nn.ModuleList(cells)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.classifier = nn.Linear(c_prev, classes)
        edges = nodes * (nodes + 3) // 2
        self.alphas_normal = nn.Parameter(torch.randn(edges, len(DARTS_OPS)).mul_(1e-3))
        self.alphas_reduce = nn.Parameter(torch.randn(edges, len(DARTS_OPS)).mul_(1e-3))

    def mixing_weights(self, alpha):
        return F.softmax(alpha / self.temperature, -1)

    def forward(self, x):
        normal, reduce = self.mixing_weights(self.alphas_normal), self.mixing_weights(self.alphas_reduce)
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            s0, s1 = s1, cell(s0, s1, reduce if cell.reduction else normal)
        return self.classifier(self.pool(s1).flatten(1))


class _Frozen:
    """FrozenParameters.cs: requires_grad off on those of `params` that had it, back on at exit."""

    def __init__(self, params):
        self.params = [p for p in params if p.requires_grad]

    def __enter__(self):
        for p in self.params:
            p.requires_grad_(False)

    def __exit__(self, *exc):
        for p in self.params:
            p.requires_grad_(True)


def bats_supernet_step(batch=32):
    """perf.cs `bats-supernet-step`: BilevelOptimizer.Step, first order, on BATS's paper supernet at batch 32.
    Returns (step, parameter count, FLOPs of one step)."""
    import perf  # here, not at the top: perf.py imports this module

    net = BatsSupernet(3, 10, 24, 8, nodes=4, groups=12, temperature=0.2)
    alphas = [net.alphas_normal, net.alphas_reduce]
    weights = [p for name, p in net.named_parameters() if not name.startswith("alphas_")]
    weight_optimizer = torch.optim.SGD(weights, 0.025, momentum=0.9, weight_decay=3e-4)
    alpha_optimizer = torch.optim.Adam(alphas, 3e-4, betas=(0.5, 0.999), weight_decay=1e-3)
    x, y = torch.randn(batch, 3, 32, 32), torch.randint(0, 10, (batch,))
    x_valid, y_valid = torch.randn(batch, 3, 32, 32), torch.randint(0, 10, (batch,))
    net.train()

    def alpha_step():  # DartsArchitect.FirstOrder
        alpha_optimizer.zero_grad()
        with _Frozen(weights):
            loss = F.cross_entropy(net(x_valid), y_valid)
            grads = torch.autograd.grad(loss, alphas)
        for alpha, grad in zip(alphas, grads):  # SetAlphaGradients
            if alpha.grad is not None:
                alpha.grad.zero_()
            alpha.mul(grad.detach()).sum().backward()
        arch_loss = loss.item()
        alpha_optimizer.step()
        return arch_loss

    def weight_step():
        weight_optimizer.zero_grad()
        with _Frozen(alphas):
            logits = net(x)
            loss = F.cross_entropy(logits, y)
            loss.backward()
        norm = float(nn.utils.clip_grad_norm_(weights, 5))
        value = loss.item()
        if math.isfinite(value) and math.isfinite(norm):
            weight_optimizer.step()
        return value, logits, norm

    def bilevel_step():
        alpha_step()
        weight_step()

    flops = (perf.ALPHA_STEP + perf.TRAIN_STEP) * perf.forward_flops(net, x)
    return bilevel_step, perf.parameter_count(net), flops


def _dump_parameters(path):
    """Every parameter as perf.cs's PERF_DUMP_PARAMS writes it: `name shape`, the shape joined by x."""
    torch.manual_seed(0)
    net = BatsSupernet()
    with open(path, "w") as f:
        for name, p in net.named_parameters():
            f.write(f"{name} {'x'.join(str(s) for s in p.shape)}\n")
    return net


if __name__ == "__main__":
    import sys
    _dump_parameters(sys.argv[1] if len(sys.argv) > 1 else "/dev/stdout")
