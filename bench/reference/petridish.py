"""PyTorch's side of the performance suite's `petridish-step` row (bench/perf/perf.cs `case "petridish-step"`):
a Petridish candidate search step on petridishnn's seed cell, as NasSharp builds it with
`new PetridishNetwork(PetridishSearch.SeedGenotype(null), new NetworkOptions(3, 32, 10, 16, 5), withCandidates: true)`.
perf.py imports `petridish_step` from here; this module imports nothing from perf.py (no circular import), so the few
op classes it needs are copied below (the same as perf.py's, which mirror src/NasSharp/Ops).

Mirrored, op for op (the same ops and op order, BatchNorm affine flags, preprocessing, parameter names and order):
  - network: src/NasSharp/Networks/PetridishNetwork.cs (DARTS layout: 3C stem Conv3x3 + affine BN; 5 cells with
    reductions, channels doubled, at cells 5/3 = 1 and 2*5/3 = 3; output of a cell has C channels (a sum); global
    average pooling, flatten, Linear; no auxiliary head, no dropout; one candidate weight vector per cell type,
    candidate_normal / candidate_reduce, each full(21, 1/21); RegularizationLoss = 0.001 * (|w_n|.sum() + |w_r|.sum());
    ClippingGroups / CandidateOnlyParameterNames: parent parameters, and candidate_*, *.candidates.* and
    cells.i.preprocess0.* where preprocess0 exists only for the candidates, which is every cell of this seed);
  - cell: PetridishCellModule.cs (affine preprocessing: preprocess0 = FactorizedReduce after a reduction cell, else
    ReLU-Conv1x1-BN, built because candidates are attached although the seed never reads state 0; preprocess1 =
    ReLU-Conv1x1-BN; nodes in order; output = sum of the Output states (state 2 alone here), no gated nodes in the seed,
    + sf(candidates(states, w)) with sf(x) = x - x.detach());
  - node: PetridishNodeModule.cs (a seed node sums its ops' outputs: op0 + op1; no projection, no gate);
  - candidates: PetridishCandidates.cs (pairs state-major over the cell's 3 states, ops in
    PetridishSearchSpace.CandidateOps order max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_3x3, sep_conv_5x5,
    dil_conv_3x3, dil_conv_5x5: 21 affine ops, stride 2 on states 0 and 1 in a reduction cell; each reads sg(state) =
    state.detach(), except state 0, which is read as it is (StopInput0 = !Preprocess0ForCandidatesOnly = false);
    sum_k op_k(state) * w[k], left to right, out of place);
  - stop ops: src/NasSharp/Ops/StopOps.cs (sg = detach, sf = x - x.detach());
  - ops: src/NasSharp/Ops/OpRegistry.cs, CellOps.cs (Create, not CreateMixed: pooling is not followed by a BatchNorm),
    SepConv.cs, DilConv.cs, ReluConvBn.cs, FactorizedReduce.cs (zero-padded shifted path), DepthwiseConv2d.cs (here
    nn.Conv2d(C, C, k, groups=C, bias=False): the same weight [C, 1, k, k] and arithmetic);
  - seed: src/NasSharp/SearchSpaces/PetridishSearchSpace.cs TfSeed (one node: sep_conv_3x3 on state 1 + skip_connect
    on state 1, output [2], normal and reduce alike), PetridishCell.cs, PetridishNode.cs,
    src/NasSharp/Strategies/Petridish/PetridishSearch.cs SeedGenotype(null);
  - step: perf.cs `case "petridish-step"` (batch 96 of 3x32x32, train mode; zero_grad; CE + RegularizationLoss;
    backward; clip_grad_norm_ 5 on each clipping group separately; SGD 0.025, momentum 0.9, weight decay 3e-4).

Differences: the parameters are initialised by PyTorch's own draws (TorchSharp draws the same distributions, so only
the values differ); `petridish_step`'s flops are TRAIN_STEP (3) x the forward's, as perf.py counts its rows, which
overcounts this row a little: the first conv of every candidate op that reads a stop-gradient state (and the stem)
computes no input gradient in backward (`backward_overcount` below measures it:
14.8 MFLOP per image of 3 x 95.8 = 287.3, 5.2% of the count, 0.9 points of it the stem's).
Note: as in NasSharp, state 0 (preprocess0's output) reaches the candidates without stop-gradient, and preprocess0's
own input, the cell before last's output, is not detached, so the candidates' gradient also flows back through
preprocess0 into the parent's parameters.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

CANDIDATE_OPS = ["max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3",
                 "dil_conv_5x5"]  # PetridishSearchSpace.CandidateOps, in the candidate weights' order
TF_SEED = {"nodes": [[("sep_conv_3x3", 1), ("skip_connect", 1)]], "output": [2]}  # PetridishSearchSpace.TfSeed
L1 = 0.001  # PetridishNetwork.DefaultL1
TRAIN_STEP = 3  # as perf.py: forward + backward to the inputs (1x) + to the weights (1x)


class ReluConvBn(nn.Module):  # ReluConvBn.cs
    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel, stride, padding, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        return self.bn(self.conv(F.relu(x)))


class DilConv(nn.Module):  # DilConv.cs, DepthwiseConv2d.cs
    def __init__(self, c_in, c_out, kernel, stride, padding, dilation, affine):
        super().__init__()
        self.depthwise = nn.Conv2d(c_in, c_in, kernel, stride, padding, dilation, groups=c_in, bias=False)
        self.pointwise = nn.Conv2d(c_in, c_out, 1, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        return self.bn(self.pointwise(self.depthwise(F.relu(x))))


class SepConv(nn.Module):  # SepConv.cs
    def __init__(self, c_in, c_out, kernel, stride, padding, affine):
        super().__init__()
        self.first = DilConv(c_in, c_in, kernel, stride, padding, 1, affine)
        self.second = DilConv(c_in, c_out, kernel, 1, padding, 1, affine)

    def forward(self, x):
        return self.second(self.first(x))


class FactorizedReduce(nn.Module):  # FactorizedReduce.cs
    def __init__(self, c_in, c_out, affine):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.conv2 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        r = F.relu(x)
        shifted = F.pad(r, [0, 1, 0, 1])[:, :, 1:, 1:]
        return self.bn(torch.cat([self.conv1(r), self.conv2(shifted)], 1))


OPS = {  # OpRegistry.cs: (channels, stride, affine) -> op, the candidate ops only
    "skip_connect": lambda c, s, a: nn.Identity() if s == 1 else FactorizedReduce(c, c, a),
    "max_pool_3x3": lambda c, s, a: nn.MaxPool2d(3, s, 1),
    "avg_pool_3x3": lambda c, s, a: nn.AvgPool2d(3, s, 1, count_include_pad=False),
    "sep_conv_3x3": lambda c, s, a: SepConv(c, c, 3, s, 1, a),
    "sep_conv_5x5": lambda c, s, a: SepConv(c, c, 5, s, 2, a),
    "dil_conv_3x3": lambda c, s, a: DilConv(c, c, 3, s, 2, 2, a),
    "dil_conv_5x5": lambda c, s, a: DilConv(c, c, 5, s, 4, 2, a),
}


def stop_gradient(x):  # StopOps.StopGradient
    return x.detach()


def stop_forward(x):  # StopOps.StopForward: zeros forward, the identity backward
    return x - x.detach()


def pairs(states):  # PetridishCandidates.Pairs: state-major, ops in CANDIDATE_OPS order
    return [(op, s) for s in range(states) for op in CANDIDATE_OPS]


class Node(nn.Module):
    """PetridishNodeModule of a seed node: its ops (stride 2 on states 0 and 1 in a reduction cell), summed."""

    def __init__(self, edges, c, reduction):
        super().__init__()
        self.inputs = [i for _, i in edges]
        self.ops = nn.ModuleList(OPS[op](c, 2 if reduction and i < 2 else 1, True) for op, i in edges)

    def forward(self, states):
        outputs = [op(states[i]) for op, i in zip(self.ops, self.inputs)]
        result = outputs[0]
        for o in outputs[1:]:
            result = result + o
        return result


class Candidates(nn.Module):
    """PetridishCandidates: sum_k w[k] * op_k(sg(state_k)), state 0 read as it is when stop_input0 is false."""

    def __init__(self, states, c, reduction, stop_input0):
        super().__init__()
        self.pairs, self.stop_input0 = pairs(states), stop_input0
        self.ops = nn.ModuleList(OPS[op](c, 2 if reduction and i < 2 else 1, True) for op, i in self.pairs)

    def forward(self, states, weights):
        stopped = [s if i == 0 and not self.stop_input0 else stop_gradient(s) for i, s in enumerate(states)]
        total = None
        for k, (op, (_, i)) in enumerate(zip(self.ops, self.pairs)):
            term = op(stopped[i]) * weights[k]
            total = term if total is None else total + term
        return total


class Cell(nn.Module):
    """PetridishCellModule: affine preprocessing (input 0 only when a node reads it or candidates are attached), the
    nodes, output = sum of the output states (+ gated added nodes: none in a seed) + sf(candidates)."""

    def __init__(self, cell, c_prev_prev, c_prev, c, reduction, reduction_prev, with_candidates):
        super().__init__()
        self.reduction = reduction
        reads0 = any(i == 0 for node in cell["nodes"] for _, i in node)
        self.preprocess0_for_candidates_only = with_candidates and not reads0
        if with_candidates or reads0:
            self.preprocess0 = (FactorizedReduce(c_prev_prev, c, True) if reduction_prev
                                else ReluConvBn(c_prev_prev, c, 1, 1, 0, True))
        else:
            self.preprocess0 = None
        self.preprocess1 = ReluConvBn(c_prev, c, 1, 1, 0, True)
        self.nodes = nn.ModuleList(Node(edges, c, reduction) for edges in cell["nodes"])
        self.candidates = (Candidates(len(cell["nodes"]) + 2, c, reduction, not self.preprocess0_for_candidates_only)
                           if with_candidates else None)
        self.output = cell["output"]

    def forward(self, s0, s1, candidate_weights):
        states = [s0 if self.preprocess0 is None else self.preprocess0(s0), self.preprocess1(s1)]
        for node in self.nodes:
            states.append(node(states))
        output = states[self.output[0]]
        for i in self.output[1:]:
            output = output + states[i]
        if self.candidates is not None:
            output = output + stop_forward(self.candidates(states, candidate_weights))
        return output


class PetridishNetwork(nn.Module):
    """PetridishNetwork: 3C stem, cells with reductions at layers/3 and 2*layers/3 (channels doubled), cell outputs of
    C channels, global average pooling, linear classifier; with candidates, one weight vector per cell type."""

    def __init__(self, genotype, input_channels, classes, c, layers, with_candidates):
        super().__init__()
        c_curr = 3 * c
        self.stem = nn.Sequential(nn.Conv2d(input_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_prev_prev = c_prev = c_curr
        c_curr = c
        reduction_prev = False
        cells = []
        for i in range(layers):
            reduction = i in (layers // 3, 2 * layers // 3)
            if reduction:
                c_curr *= 2
            cells.append(Cell(genotype["reduce" if reduction else "normal"], c_prev_prev, c_prev, c_curr, reduction,
                              reduction_prev, with_candidates))
            reduction_prev, c_prev_prev, c_prev = reduction, c_prev, c_curr
        self.cells = nn.ModuleList(cells)
        self.classifier = nn.Linear(c_prev, classes)
        if with_candidates:
            normal = len(pairs(len(genotype["normal"]["nodes"]) + 2))
            reduce = len(pairs(len(genotype["reduce"]["nodes"]) + 2))
            self.candidate_normal = nn.Parameter(torch.full((normal,), 1.0 / normal))
            self.candidate_reduce = nn.Parameter(torch.full((reduce,), 1.0 / reduce))
        else:
            self.candidate_normal = self.candidate_reduce = None

    def forward(self, x):
        s0 = s1 = self.stem(x)
        for cell in self.cells:
            weights = self.candidate_reduce if cell.reduction else self.candidate_normal
            s0, s1 = s1, cell(s0, s1, weights)
        return self.classifier(F.adaptive_avg_pool2d(s1, 1).flatten(1))

    def regularization_loss(self):  # PetridishNetwork.RegularizationLoss
        return (self.candidate_normal.abs().sum() + self.candidate_reduce.abs().sum()) * L1

    def candidate_only_parameter_names(self):  # PetridishNetwork.CandidateOnlyParameterNames
        names = set()
        for name, _ in self.named_parameters():
            parts = name.split(".")
            if name.startswith("candidate_") or ".candidates." in name:
                names.add(name)
            elif parts[0] == "cells" and parts[2] == "preprocess0" and \
                    self.cells[int(parts[1])].preprocess0_for_candidates_only:
                names.add(name)
        return names

    def clipping_groups(self):  # PetridishNetwork.ClippingGroups: parent, then candidate-only
        names = self.candidate_only_parameter_names()
        named = list(self.named_parameters())
        return [[p for n, p in named if n not in names], [p for n, p in named if n in names]]


def petridish_network():
    genotype = {"normal": TF_SEED, "reduce": TF_SEED}
    return PetridishNetwork(genotype, 3, 10, 16, 5, with_candidates=True)


def forward_flops(net, x):
    """perf.py's forward_flops (copied, not imported: perf.py imports this module): 2 * multiply-adds of every Conv2d
    and Linear in one forward, in eval mode without autograd."""
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


def backward_overcount(net, x):
    """FLOPs that TRAIN_STEP * forward counts but backward does not do: the input gradient of every Conv2d/Linear whose
    input needs none (the stem's, and the first conv of each candidate op on a stop-gradient state). Eval mode, with
    autograd (so requires_grad tells), no backward."""
    total = 0

    def count(module, inputs, output):
        nonlocal total
        if inputs[0].requires_grad:
            return
        if isinstance(module, nn.Conv2d):
            kh, kw = module.kernel_size
            total += 2 * output.numel() * (module.in_channels // module.groups) * kh * kw
        else:
            total += 2 * output.numel() * module.in_features

    hooks = [m.register_forward_hook(count) for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    training = net.training
    net.eval()
    net(x)
    net.train(training)
    for h in hooks:
        h.remove()
    return total


def petridish_step(batch=96):
    """perf.cs `petridish-step`: returns (step, parameter count, FLOPs of a step = TRAIN_STEP x forward)."""
    net = petridish_network()
    parameters = list(net.parameters())
    groups = net.clipping_groups()
    optimizer = torch.optim.SGD(parameters, 0.025, momentum=0.9, weight_decay=3e-4)
    x, y = torch.randn(batch, 3, 32, 32), torch.randint(0, 10, (batch,))
    net.train()

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(net(x), y) + net.regularization_loss()
        loss.backward()
        for group in groups:
            nn.utils.clip_grad_norm_(group, 5)
        optimizer.step()

    return step, sum(p.numel() for p in parameters), TRAIN_STEP * forward_flops(net, x)
