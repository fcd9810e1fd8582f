"""PyTorch mirror of NasSharp's ENAS micro search step (row `enas-micro-step` of bench/perf/perf.cs;
bench/reference/perf.py imports `enas_micro_step` from here and times `step()`).

It follows the C# code op for op (preset paper, EnasOptions.ForSpace("enas-micro")):
  - shared model: src/NasSharp/Networks/EnasMicroSupernet.cs (3C stem, 8 cells with reductions at 8/3 = 2 and
    16/3 = 5, global pooling, dropout 0.1 while training, linear classifier; the auxiliary head after cell 5, run
    whenever the model is in training mode), EnasMicroSharedCell.cs (one op module per (node, slot, input, op), in
    that nesting order, each op at stride 2 when a reduction cell applies it to a cell input; the two edges of each
    node summed; the output is (nodes + 2) blocks of C channels, a state's block being the state if it is a loose end
    and zeros otherwise; in a reduction cell a loose cell input is brought down by its own FactorizedReduce, the
    `calibrate` convs), WeightSharingNetwork.cs, AuxiliaryHead.cs (DARTS AuxiliaryHeadCIFAR: 8x8 input pooled to 2x2,
    so the second conv is 2x2);
  - ops: src/NasSharp/Ops/OpRegistry.cs (OpNames.EnasMicro: sep_conv_3x3, sep_conv_5x5, avg_pool_3x3, max_pool_3x3,
    skip_connect; pooling without a BatchNorm after it, skip_connect at stride 2 a FactorizedReduce), SepConv.cs,
    DilConv.cs, DepthwiseConv2d.cs, FactorizedReduce.cs, ReluConvBn.cs; every BatchNorm affine (cells and op modules
    are built with affine: true);
  - search space: src/NasSharp/SearchSpaces/EnasMicroSearchSpace.cs, Cell.cs (concat = the loose ends), DartsFormat.cs
    (the text form of the fixed architecture below);
  - controller: src/NasSharp/Strategies/Enas/EnasController.cs, EnasMicroController.cs, DecisionTape.cs,
    ControllerSample.cs (a bias-free LSTMCell of 64, every parameter uniform +-0.1, b_soft then set to
    [10, 10, 0, 0, 0]; the normal cell then the reduction cell, each starting with two LSTM steps on g_emb that make
    the cell inputs' anchors (zero vectors, their W1 projections kept for attention); per node two input decisions by
    attention, two op decisions with logits (1.1 / 2.5) tanh(h W_soft + b_soft) (+ the fixed [.25, .25, -.25, -.25,
    -.25] in the normal cell), one more LSTM step whose h is the node's anchor; each decision: log_softmax, the values
    copied out, a uniform draw against the cumulative probabilities, entropy accumulated as a float);
  - the step: bench/perf/perf.cs case "enas-micro-step", after EnasSearch.cs TrainShared / TrainController.

Where this file differs from NasSharp (none of it changes the work done):
  - the controller's draws come from Python's random.Random(1), NasSharp's from .NET's Random(1): the sampled
    architectures differ, the amount of work per sample does not (every sample takes the same 40 decisions,
    2 cells x 5 nodes x (2 inputs + 2 ops), in the same 2 x (2 + 5 x 5) = 54 LSTM steps);
  - the initial values (and so the losses) were not checked against NasSharp's: the shared model's initialisation is
    PyTorch's default scheme (TorchSharp's is the same), the controller's uniform +-0.1 as NasSharp's, but the draws
    were not arranged to come in NasSharp's order; nor the data (x, y, the validation batch, dropout masks);
  - depthwise convolutions are nn.Conv2d(C, C, k, groups=C); NasSharp's DepthwiseConv2d has the same single weight
    [C, 1, k, k] but runs on oneDNN (its own kernel choice, not a semantic difference);
  - FLOPs are counted on a batch of 1 and scaled by the batch (every counted op is linear in the batch).
"""

import math
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

# EnasOptions.ForSpace("enas-micro") (preset paper).
CHANNELS = 20
LAYERS = 8                     # 6 normal + 2 reduction cells
NODES = 5
BATCH = 160
AUX_WEIGHT = 0.4
DROPOUT = 0.1
LEARNING_RATE = 0.05           # LearningRateMax (the first epoch's rate)
L2 = 1e-4                      # SGD weight decay 2 * L2
GRAD_CLIP = 5.0
LSTM_SIZE = 64
TANH_CONSTANT = 1.1
OP_TANH_REDUCE = 2.5
TEMPERATURE = 0.0              # none
CONTROLLER_LR = 3.5e-3
CONTROLLER_BETA1 = 0.0
CONTROLLER_EPS = 1e-3
ENTROPY_WEIGHT = 1e-4
BASELINE_DECAY = 0.99
INPUT_CHANNELS, IMAGE_SIZE, CLASSES = 3, 32, 10

ENAS_MICRO_OPS = ["sep_conv_3x3", "sep_conv_5x5", "avg_pool_3x3", "max_pool_3x3", "skip_connect"]  # OpNames.EnasMicro

# The architecture both sides run (perf.cs: EnasMicroController.Sample(new Random(0)) under no_grad, right after
# manual_seed(0) and the row's construction; printed with PERF_PRINT_ARC=1), NasSharp's text form:
#   Genotype(normal=[('max_pool_3x3', 1), ('sep_conv_5x5', 1), ('skip_connect', 0), ('sep_conv_5x5', 1),
#   ('sep_conv_3x3', 3), ('sep_conv_5x5', 1), ('skip_connect', 3), ('sep_conv_3x3', 2), ('avg_pool_3x3', 5),
#   ('sep_conv_3x3', 5)], normal_concat=[4, 6], reduce=[('skip_connect', 1), ('sep_conv_3x3', 1), ('skip_connect', 2),
#   ('max_pool_3x3', 1), ('sep_conv_3x3', 2), ('sep_conv_5x5', 0), ('avg_pool_3x3', 1), ('max_pool_3x3', 4),
#   ('sep_conv_5x5', 0), ('skip_connect', 2)], reduce_concat=[3, 5, 6])
#   ENAS fixed_arc: 1 3 1 1 0 4 1 1 3 0 1 1 3 4 2 0 5 2 5 0 1 4 1 0 2 4 1 3 2 0 0 1 1 2 4 3 0 1 2 4
# (op, input) per edge, two edges per node; the concat of each cell is its loose ends (checked below).
ENAS_MICRO_ARC = {
    "normal": [("max_pool_3x3", 1), ("sep_conv_5x5", 1), ("skip_connect", 0), ("sep_conv_5x5", 1), ("sep_conv_3x3", 3),
               ("sep_conv_5x5", 1), ("skip_connect", 3), ("sep_conv_3x3", 2), ("avg_pool_3x3", 5), ("sep_conv_3x3", 5)],
    "normal_concat": [4, 6],
    "reduce": [("skip_connect", 1), ("sep_conv_3x3", 1), ("skip_connect", 2), ("max_pool_3x3", 1), ("sep_conv_3x3", 2),
               ("sep_conv_5x5", 0), ("avg_pool_3x3", 1), ("max_pool_3x3", 4), ("sep_conv_5x5", 0), ("skip_connect", 2)],
    "reduce_concat": [3, 5, 6],
}

TRAIN_STEP = 3                 # perf.py: a training step is forward + backward to the inputs + to the weights


# ---- ops (OpRegistry.cs, affine BatchNorm everywhere in the shared model) --------------------------------------------

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
    """Two stride-2 1x1 convs, the second on the input shifted by one pixel (zero-padded at the far edge)."""

    def __init__(self, c_in, c_out, affine):
        super().__init__()
        assert c_out % 2 == 0, c_out
        self.conv1 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.conv2 = nn.Conv2d(c_in, c_out // 2, 1, stride=2, bias=False)
        self.bn = nn.BatchNorm2d(c_out, affine=affine)

    def forward(self, x):
        r = F.relu(x)
        shifted = F.pad(r, [0, 1, 0, 1])[:, :, 1:, 1:]
        return self.bn(torch.cat([self.conv1(r), self.conv2(shifted)], 1))


OPS = {  # OpRegistry.cs, the ENAS micro ops: (channels, stride, affine) -> op
    "skip_connect": lambda c, s, a: nn.Identity() if s == 1 else FactorizedReduce(c, c, a),
    "max_pool_3x3": lambda c, s, a: nn.MaxPool2d(3, s, 1),
    "avg_pool_3x3": lambda c, s, a: nn.AvgPool2d(3, s, 1, count_include_pad=False),
    "sep_conv_3x3": lambda c, s, a: SepConv(c, c, 3, s, 1, a),
    "sep_conv_5x5": lambda c, s, a: SepConv(c, c, 5, s, 2, a),
}


# ---- the shared model ------------------------------------------------------------------------------------------------

def loose_ends(edges, nodes):
    """Cell.LooseEnds: the states (cell inputs included) no node reads, ascending."""
    read = {i for _, i in edges}
    return [s for s in range(nodes + 2) if s not in read]


class SharedCell(nn.Module):
    """EnasMicroSharedCell."""

    def __init__(self, nodes, op_names, c_prev_prev, c_prev, c, reduction, reduction_prev):
        super().__init__()
        self.nodes, self.channels, self.reduction, self.op_names = nodes, c, reduction, list(op_names)
        self.preprocess0 = FactorizedReduce(c_prev_prev, c, True) if reduction_prev \
            else ReluConvBn(c_prev_prev, c, 1, 1, 0, True)
        self.preprocess1 = ReluConvBn(c_prev, c, 1, 1, 0, True)
        ops, self.node_offset = [], []
        for node in range(nodes):
            self.node_offset.append(len(ops))
            for slot in range(2):
                for input_ in range(node + 2):
                    for op in self.op_names:
                        ops.append(OPS[op](c, 2 if reduction and input_ < 2 else 1, True))
        self.ops = nn.ModuleList(ops)
        self.calibrate = nn.ModuleList(
            [FactorizedReduce(c, c, True), FactorizedReduce(c, c, True)] if reduction else [])

    @property
    def output_channels(self):
        return (self.nodes + 2) * self.channels

    def op_index(self, node, slot, input_, op):
        assert 0 <= input_ <= node + 1, (node, input_)
        return self.node_offset[node] + (slot * (node + 2) + input_) * len(self.op_names) + self.op_names.index(op)

    def forward(self, s0, s1, cell):
        edges, concat = cell["edges"], cell["concat"]
        states = [self.preprocess0(s0), self.preprocess1(s1)]
        for node in range(self.nodes):
            (op_a, in_a), (op_b, in_b) = edges[2 * node], edges[2 * node + 1]
            h1 = self.ops[self.op_index(node, 0, in_a, op_a)](states[in_a])
            h2 = self.ops[self.op_index(node, 1, in_b, op_b)](states[in_b])
            states.append(h1.add(h2))
        last = states[-1]
        blocks = []
        for j in range(self.nodes + 2):
            if j not in concat:
                blocks.append(torch.zeros(last.shape, dtype=last.dtype, device=last.device))
            else:
                blocks.append(self.calibrate[j](states[j]) if self.reduction and j < 2 else states[j])
        return torch.cat(blocks, 1)


class AuxiliaryHead(nn.Module):
    """AuxiliaryHead.cs (DARTS AuxiliaryHeadCIFAR)."""

    def __init__(self, channels, input_size, classes):
        super().__init__()
        pooled = max(1, (input_size - 5) // 3 + 1)
        kernel = min(2, pooled)
        self.features = nn.Sequential(
            nn.ReLU(),
            nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
            nn.Conv2d(channels, 128, 1, bias=False),
            nn.BatchNorm2d(128),
            nn.ReLU(),
            nn.Conv2d(128, 768, kernel, bias=False),
            nn.BatchNorm2d(768),
            nn.ReLU(),
            nn.AdaptiveAvgPool2d(1))
        self.classifier = nn.Linear(768, classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))


class EnasMicroSupernet(nn.Module):
    """EnasMicroSupernet with the auxiliary head (NetworkOptions.Auxiliary) and dropout before the classifier."""

    STEM_MULTIPLIER = 3

    def __init__(self, input_channels=INPUT_CHANNELS, image_size=IMAGE_SIZE, classes=CLASSES, c=CHANNELS,
                 layers=LAYERS, nodes=NODES, op_names=ENAS_MICRO_OPS, auxiliary=True, dropout=DROPOUT):
        super().__init__()
        self.dropout = dropout
        self.nodes = nodes
        self.aux_index = 2 * layers // 3
        size, aux_channels, aux_size = image_size, 0, 0
        c_curr = self.STEM_MULTIPLIER * c
        self.stem = nn.Sequential(nn.Conv2d(input_channels, c_curr, 3, padding=1, bias=False), nn.BatchNorm2d(c_curr))
        c_prev_prev = c_prev = c_curr
        c_curr = c
        reduction_prev = False
        cells = []
        for i in range(layers):
            reduction = i == layers // 3 or i == 2 * layers // 3
            if reduction:
                c_curr *= 2
                size = (size + 1) // 2
            cell = SharedCell(nodes, op_names, c_prev_prev, c_prev, c_curr, reduction, reduction_prev)
            cells.append(cell)
            reduction_prev = reduction
            c_prev_prev, c_prev = c_prev, cell.output_channels
            if i == self.aux_index:
                aux_channels, aux_size = c_prev, size
        self.cells = nn.ModuleList(cells)
        self.classifier = nn.Linear(c_prev, classes)
        self.auxiliary = AuxiliaryHead(aux_channels, aux_size, classes) if auxiliary else None

    def forward_with_aux(self, x, arc, with_aux=None):
        """ForwardWithAux: (logits, auxiliary logits or None). The head runs in training mode (with_aux=None), as
        NasSharp's; with_aux=True forces it (the FLOP count runs in eval mode)."""
        if with_aux is None:
            with_aux = self.training
        aux = None
        s0 = s1 = self.stem(x)
        for i, cell in enumerate(self.cells):
            s0, s1 = s1, cell(s0, s1, arc["reduce"] if cell.reduction else arc["normal"])
            if i == self.aux_index and self.auxiliary is not None and with_aux:
                aux = self.auxiliary(s1)
        features = F.adaptive_avg_pool2d(s1, 1).flatten(1)
        if self.dropout > 0 and self.training:
            features = F.dropout(features, self.dropout, training=True)
        return self.classifier(features), aux

    def forward(self, x, arc):
        """WeightSharingNetwork.forward: the logits; in training mode the auxiliary head still runs (and is dropped)."""
        logits, _ = self.forward_with_aux(x, arc)
        return logits


# ---- the controller --------------------------------------------------------------------------------------------------

class DecisionTape:
    """DecisionTape (sampling only): log-probabilities as tensors, entropy as a float."""

    def __init__(self, rng):
        self.rng = rng
        self.decisions = []
        self.log_probs = []
        self.entropy = 0.0

    def choose(self, logits):
        logp = F.log_softmax(logits, 0)
        values = logp.detach().tolist()
        probs = [math.exp(v) for v in values]
        u = self.rng.random()
        choice = len(values) - 1
        cumulative = 0.0
        for i, p in enumerate(probs):
            cumulative += p
            if u < cumulative:
                choice = i
                break
        self.decisions.append(choice)
        self.log_probs.append(logp[choice])
        self.entropy -= sum(p * v for p, v in zip(probs, values))
        return choice

    def log_probability(self):
        return torch.stack(self.log_probs).sum()


class EnasMicroController(nn.Module):
    """EnasController + EnasMicroController: a bias-free LSTMCell; parameters uniform +-0.1; b_soft [10, 10, 0, ...]."""

    def __init__(self, ops=ENAS_MICRO_OPS, nodes=NODES, lstm_size=LSTM_SIZE, tanh_constant=TANH_CONSTANT,
                 op_tanh_reduce=OP_TANH_REDUCE, temperature=TEMPERATURE):
        super().__init__()
        self.ops, self.nodes, self.lstm_size = list(ops), nodes, lstm_size
        self.tanh_constant, self.op_tanh_reduce, self.temperature = tanh_constant, op_tanh_reduce, temperature
        n = len(self.ops)
        self.lstm = nn.LSTMCell(lstm_size, lstm_size, bias=False)
        self.b_soft = nn.Parameter(torch.zeros(1, n))  # first, so named_parameters() lists them in TorchSharp's order
        self.g_emb = nn.Parameter(torch.empty(1, lstm_size))
        self.w_emb = nn.Parameter(torch.empty(n, lstm_size))
        self.w_soft = nn.Parameter(torch.empty(lstm_size, n))
        self.w_attn_1 = nn.Parameter(torch.empty(lstm_size, lstm_size))
        self.w_attn_2 = nn.Parameter(torch.empty(lstm_size, lstm_size))
        self.v_attn = nn.Parameter(torch.empty(lstm_size, 1))
        with torch.no_grad():
            for p in self.parameters():
                nn.init.uniform_(p, -0.1, 0.1)
            self.b_soft.copy_(torch.tensor([10.0 if i < 2 else 0.0 for i in range(n)]).view(1, -1))
        self.fixed_bias = torch.tensor([0.25 if i < 2 else -0.25 for i in range(n)])

    def step(self, inputs, state):
        return self.lstm(inputs, state)

    def squash(self, logits, reduce=1.0):
        if self.temperature > 0:
            logits = logits / self.temperature
        return torch.tanh(logits) * (self.tanh_constant / reduce)

    def attention(self, anchors_w1, h):
        return torch.tanh(torch.cat(anchors_w1, 0) + h.matmul(self.w_attn_2)).matmul(self.v_attn).view(-1)

    def decide_cell(self, tape, state, fixed_bias):
        anchors, anchors_w1 = [], []
        inputs = self.g_emb
        for _ in range(2):
            state = self.step(inputs, state)
            anchors.append(torch.zeros_like(state[0]))
            anchors_w1.append(state[0].matmul(self.w_attn_1))
        edges = []
        for _ in range(self.nodes):
            ids = [0, 0]
            for i in range(2):
                state = self.step(inputs, state)
                ids[i] = tape.choose(self.squash(self.attention(anchors_w1, state[0])))
                inputs = anchors[ids[i]]
            ops = [0, 0]
            for i in range(2):
                state = self.step(inputs, state)
                logits = self.squash(state[0].matmul(self.w_soft) + self.b_soft, self.op_tanh_reduce).view(-1)
                if fixed_bias:
                    logits = logits + self.fixed_bias
                ops[i] = tape.choose(logits)
                inputs = self.w_emb[ops[i]].unsqueeze(0)
            state = self.step(inputs, state)
            anchors.append(state[0])
            anchors_w1.append(state[0].matmul(self.w_attn_1))
            inputs = self.g_emb
            edges += [(self.ops[ops[0]], ids[0]), (self.ops[ops[1]], ids[1])]
        return {"edges": edges, "concat": loose_ends(edges, self.nodes)}, state

    def sample(self, rng):
        """EnasController.Sample: (architecture, Σ log π as a tensor, entropy as a float)."""
        tape = DecisionTape(rng)
        state = (torch.zeros(1, self.lstm_size), torch.zeros(1, self.lstm_size))
        normal, state = self.decide_cell(tape, state, True)
        reduce, state = self.decide_cell(tape, state, False)
        return {"normal": normal, "reduce": reduce}, tape.log_probability(), tape.entropy


# ---- the row ---------------------------------------------------------------------------------------------------------

def fixed_arc():
    """ENAS_MICRO_ARC as the cells' {"edges", "concat"}; the concats must be the loose ends (EnasMicroSearchSpace)."""
    arc = {}
    for kind in ("normal", "reduce"):
        edges = [tuple(e) for e in ENAS_MICRO_ARC[kind]]
        assert len(edges) == 2 * NODES and all(op in ENAS_MICRO_OPS and 0 <= i <= k // 2 + 1
                                               for k, (op, i) in enumerate(edges)), edges
        concat = loose_ends(edges, NODES)
        assert list(ENAS_MICRO_ARC[kind + "_concat"]) == concat, (kind, concat)
        arc[kind] = {"edges": edges, "concat": concat}
    return arc


def forward_flops(net, x, arc):
    """perf.py's forward_flops for a forward that takes an architecture: 2 · multiply-adds of every Conv2d and Linear
    run in one forward of `arc` on `x`, the auxiliary head included (it runs in every training-mode forward, the
    reward's too); eval mode, without autograd. Checks the logits' shape."""
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
        logits, aux = net.forward_with_aux(x, arc, with_aux=True)
    net.train(training)
    for h in hooks:
        h.remove()
    assert logits.shape == (x.shape[0], CLASSES), logits.shape
    assert aux is not None and aux.shape == (x.shape[0], CLASSES), None if aux is None else aux.shape
    return total


def parameter_lines(*models):
    """PERF_DUMP_PARAMS's format: `name shape` per parameter, the shape's sizes joined by x."""
    return [f"{name} {'x'.join(str(s) for s in p.shape)}" for m in models for name, p in m.named_parameters()]


def enas_micro_step(batch=BATCH):
    """(step, params, flops) for row enas-micro-step, as bench/perf/perf.cs sets it up."""
    arc = fixed_arc()
    shared = EnasMicroSupernet()
    controller = EnasMicroController()
    parameters = list(shared.parameters())
    shared_optimizer = torch.optim.SGD(parameters, LEARNING_RATE, momentum=0.9, weight_decay=2 * L2, nesterov=True)
    controller_optimizer = torch.optim.Adam(controller.parameters(), CONTROLLER_LR, betas=(CONTROLLER_BETA1, 0.999),
                                            eps=CONTROLLER_EPS)
    x, y = torch.randn(batch, INPUT_CHANNELS, IMAGE_SIZE, IMAGE_SIZE), torch.randint(0, CLASSES, (batch,))
    x_valid, y_valid = torch.randn(batch, INPUT_CHANNELS, IMAGE_SIZE, IMAGE_SIZE), torch.randint(0, CLASSES, (batch,))
    rng = random.Random(1)
    carried = {"baseline": 0.0, "loss": None, "reward": None, "accuracy": None}

    def step():
        # The shared step on the fixed architecture.
        shared.train()
        main, aux = shared.forward_with_aux(x, arc)
        loss = F.cross_entropy(main, y) + AUX_WEIGHT * F.cross_entropy(aux, y)
        shared.zero_grad(set_to_none=True)           # TorchSharp's Module.zero_grad: set_to_none = true
        loss.backward()
        nn.utils.clip_grad_norm_([p for p in parameters if p.grad is not None], GRAD_CLIP)
        shared_optimizer.step()

        # The controller step: a sample, the reward of the fixed architecture (train mode: batch statistics, dropout,
        # the auxiliary head runs), REINFORCE with the moving-average baseline.
        controller.train()
        controller_optimizer.zero_grad(set_to_none=False)  # TorchSharp's Optimizer.zero_grad zeroes
        _, log_prob, entropy = controller.sample(rng)
        with torch.no_grad():
            accuracy = shared(x_valid, arc).argmax(1).eq(y_valid).to(torch.float32).mean().item()
        reward = accuracy + ENTROPY_WEIGHT * entropy
        carried["baseline"] -= (1 - BASELINE_DECAY) * (carried["baseline"] - reward)
        (-log_prob * (reward - carried["baseline"])).backward()
        controller_optimizer.step()
        carried.update(loss=loss.detach(), reward=reward, accuracy=accuracy)

    step.carried = carried
    params = sum(p.numel() for p in parameters) + sum(p.numel() for p in controller.parameters())
    step.models = (shared, controller)
    # FLOPs: the training step (3x a forward with the head) + the reward's forward (1x, the head included), counted on
    # one image and scaled by the batch.
    probe = torch.randn(1, INPUT_CHANNELS, IMAGE_SIZE, IMAGE_SIZE)
    flops = (TRAIN_STEP + 1) * batch * forward_flops(shared, probe, arc)
    return step, params, flops


if __name__ == "__main__":
    import os
    import sys

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(1)
    torch.manual_seed(0)
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    step, params, flops = enas_micro_step(batch)
    dump = os.environ.get("PERF_DUMP_PARAMS")
    if dump:
        with open(dump, "w") as f:
            f.write("\n".join(parameter_lines(*step.models)) + "\n")
    print(f"params {params}  flops/step at batch {batch}: {flops / 1e9:.3f} G ({flops / batch / 1e6:.1f} M per image)")
    step()
    c = step.carried
    assert math.isfinite(c["loss"].item()) and math.isfinite(c["reward"]), c
    print(f"one step: loss {c['loss'].item():.4f}  reward {c['reward']:.4f}  baseline {c['baseline']:.6f}")
