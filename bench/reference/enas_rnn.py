"""PyTorch mirror of NasSharp's ENAS recurrent shared-weight training step (row `enas-rnn-shared-step` of
bench/perf/perf.cs; bench/reference/perf.py imports `shared_step_setup` from here and times `step()`).

It follows the C# code op for op, not enas_lm where the two differ:
  src/NasSharp/Networks/EnasRnnSharedModel.cs, RecurrentCellLanguageModel.cs, LanguageModel.cs (the model),
  src/NasSharp/Training/LanguageModelTrainer.cs WindowLoss (the loss), EnasRecurrentOptions.Paper.Shared (the settings).
The model: a tied embedding / softmax matrix w_emb [V, H]; w_prev [2H, 2H] of the highway node 0 on [x_t, h_{t-1}]
(rows: x part, then h part); and for each node i = 1..N, w_skip[i-1] [F, i, H, 2H], the weights of every activation f
and input j < i, of which a cell uses the slice [f, j]. Every parameter is uniform in +-init_range. The cell is
ENAS_LM (enas_lm's fixed_arc "0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2", activations in enas_lm order tanh, relu, sigmoid,
identity); its output and next state are the mean of nodes 1..N.
Parameters are initialised in TorchSharp's parameters() order (w_prev, w_emb, w_skip.0..7) and every random draw
(init, tokens, dropout masks) comes in the C# order, so after torch.manual_seed(0) both sides compute the same numbers:
checked, the first three steps' losses agree to 6 digits (9.220181, 9.178563, 9.139910) with NasSharp's (TorchSharp
0.107 / libtorch 2.10 against Debian's torch 1.13).

Where the C# differs from google-research enas_lm child.py (mirrored here as the C# does it):
  - the L2 term is wd * sum(w^2) over w_prev and all N sampled node slices; enas_lm adds
    wd * sum(tf.nn.l2_loss(w ** 2)) = wd * sum(w^4) / 2 and leaves the first node's slice out (w_skip[1:]);
  - drop_x (the cell-input mask) is drawn as [B, 1, H] and applied to the whole window before the x-part matmul,
    enas_lm draws [B, H] and applies it inside the step loop: same mask on every step, so the same values;
  - the x part of node 0 is one matmul for the whole window ([B*T, H] x [H, 2H]) instead of one per step on
    concat([x_t, h]); the sums are the same;
  - SGD's rate is 20 unscaled (perf's windows are all BPTT long, so enas_lm's length/bptt scale is 1 too).
"""

import math

import torch
import torch.nn.functional as F

VOCABULARY = 10000
HIDDEN = 200
NODES = 8                      # after the highway node 0 (EnasRecurrentOptions.Nodes)
BATCH = 128                    # EnasRecurrentOptions.Paper.Shared.BatchSize
BPTT = 35
LEARNING_RATE = 20.0
GRADIENT_CLIP = 0.1
WEIGHT_DECAY = 8e-7
ACTIVATION_L2 = 0.0            # alpha
SLOWNESS = 1.0                 # beta
INIT_RANGE = 0.04
# LanguageModelDropout.EnasSearch (drop rates): embedding e, input i, cell input x, hidden l, output o, weight w.
DROP_E, DROP_I, DROP_X, DROP_L, DROP_O, DROP_W = 0.10, 0.20, 0.75, 0.25, 0.75, 0.0
# ActivationNames.EnasLm, the order of w_skip's first axis.
ACTIVATIONS = ["tanh", "relu", "sigmoid", "identity"]
# PublishedArchitectures ENAS_LM = EnasFixedArc.ParseRecurrentLm("0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2"): (input, activation)
# of nodes 1..N; node 0 is tanh on the cell input.
ENAS_LM = "0 2 1 0 2 1 2 2 4 0 5 0 3 2 6 2"


def parse_arc(text):
    v = [int(t) for t in text.split()]
    return [(v[2 * i], ACTIVATIONS[v[2 * i + 1]]) for i in range(len(v) // 2)]


def activate(x, name):
    if name == "tanh":
        return torch.tanh(x)
    if name == "relu":
        return F.relu(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "identity":
        return x
    raise ValueError(name)


def highway(prev, hc, activation):
    """prev + sigmoid(c) * (f(h) - prev), [h, c] the halves of hc."""
    h, c = hc.chunk(2, 1)
    return prev + torch.sigmoid(c) * (activate(h, activation) - prev)


def mask(shape, drop):
    """LanguageModel.Mask (enas_lm _gen_mask): floor(u + keep) / keep, u uniform in [0, 1)."""
    return torch.rand(shape).add_(1 - drop).floor_().div_(1 - drop)


class EnasRnnShared:
    """EnasRnnSharedModel in training mode, with Arc fixed to one cell."""

    def __init__(self, arc, vocabulary=VOCABULARY, hidden=HIDDEN, init_range=INIT_RANGE):
        self.arc = arc                                   # [(input, activation)] of nodes 1..N
        self.nodes = len(arc)
        self.vocabulary, self.hidden = vocabulary, hidden
        self.w_emb = torch.empty(vocabulary, hidden)
        self.w_prev = torch.empty(2 * hidden, 2 * hidden)
        self.w_skip = [torch.empty(len(ACTIVATIONS), i, hidden, 2 * hidden) for i in range(1, self.nodes + 1)]
        # TorchSharp's parameters() order for this module (checked against model.named_parameters() on the C# side),
        # so the uniform draws land in the same tensors as NasSharp's Initialize.
        self.params = [self.w_prev, self.w_emb] + self.w_skip
        with torch.no_grad():
            for p in self.params:
                p.uniform_(-init_range, init_range)
        for p in self.params:
            p.requires_grad_(True)

    def node_weights(self, node, input_, activation):
        return self.w_skip[node - 1][ACTIVATIONS.index(activation), input_]

    def regularised_weights(self):
        """w_prev and the cell's node slices (EnasRnnSharedModel.RegularisedWeights; lazily, after the forward)."""
        yield self.w_prev
        for i in range(1, self.nodes + 1):
            yield self.node_weights(i, *self.arc[i - 1])

    def initial_state(self, batch):
        return torch.zeros(batch, self.hidden)

    def forward(self, tokens, state):
        """RecurrentCellLanguageModel.Forward (training): (logits, next state, hidden before output dropout)."""
        batch, steps = tokens.shape
        h = self.hidden
        # LanguageModel.Embed: word-type dropout on the rows of w_emb, then per-sequence input dropout.
        weights = self.w_emb * mask([self.vocabulary, 1], DROP_E) if DROP_E > 0 else self.w_emb
        x = weights.index_select(0, tokens.reshape(-1)).view(batch, steps, h)
        if DROP_I > 0:
            x = x * mask([batch, 1, h], DROP_I)
        input_mask = mask([batch, 1, h], DROP_X) if DROP_X > 0 else None
        layer_mask = mask([batch, h], DROP_L) if DROP_L > 0 else None
        if input_mask is not None:
            x = x * input_mask
        wx = self.w_prev.narrow(0, 0, h)
        wh = self.w_prev.narrow(0, h, h)
        if DROP_W > 0:                                   # DropConnect (0 in the search; not drawn then)
            wh = wh * mask([h, 2 * h], DROP_W)
        xw = x.matmul(wx)
        node_w = [None]
        for i in range(1, self.nodes + 1):
            w = self.node_weights(i, *self.arc[i - 1])
            node_w.append(w * mask([h, 2 * h], DROP_W) if DROP_W > 0 else w)
        outputs = []
        s = state
        states = [None] * (self.nodes + 1)
        for t in range(steps):
            hc = xw.select(1, t) + (s if layer_mask is None else s * layer_mask).matmul(wh)
            states[0] = highway(s, hc, "tanh")
            for i in range(1, self.nodes + 1):
                input_, activation = self.arc[i - 1]
                prev = states[input_]
                states[i] = highway(prev, (prev if layer_mask is None else prev * layer_mask).matmul(node_w[i]),
                                    activation)
            total = states[1]
            for i in range(2, self.nodes + 1):
                total = total + states[i]
            s = total / self.nodes
            outputs.append(s)
        hidden = torch.stack(outputs, 1)
        # LanguageModel.Logits: output dropout, then the tied softmax.
        top = hidden * mask([batch, 1, h], DROP_O) if DROP_O > 0 else hidden
        return top.matmul(self.w_emb.t()), s, hidden


def window_loss(model, x, y, state, regularised):
    """LanguageModelTrainer.WindowLoss: (loss, cross-entropy as a float, next state, hidden)."""
    logits, next_state, hidden = model.forward(x, state)
    ce = F.cross_entropy(logits.reshape(-1, model.vocabulary), y.reshape(-1))
    loss = ce
    if WEIGHT_DECAY > 0:
        l2 = None
        for w in regularised:
            l2 = w.square().sum() if l2 is None else l2 + w.square().sum()
        if l2 is not None:
            loss = loss + WEIGHT_DECAY * l2
    if ACTIVATION_L2 > 0:
        loss = loss + ACTIVATION_L2 * hidden.square().mean()
    if SLOWNESS > 0 and hidden.shape[1] > 1:
        steps = hidden.shape[1]
        loss = loss + SLOWNESS * (hidden.narrow(1, 1, steps - 1) - hidden.narrow(1, 0, steps - 1)).square().mean()
    return loss, ce.item(), next_state, hidden


def flops_per_step(batch=BATCH, bptt=BPTT, hidden=HIDDEN, vocabulary=VOCABULARY, nodes=NODES):
    """Matrix products only, 2*m*n*k each, times 3 for forward + backward: per token the x part of node 0
    ([H] x [H, 2H]), the h part of node 0 and every node's [H] x [H, 2H], and the tied softmax [H] x [H, V].
    Ignored: elementwise work (activations, highway gates, dropout masks and their draws, the node mean), the embedding
    gather and its scatter-add gradient, softmax / cross-entropy, the L2 and slowness terms, gradient clipping, the SGD
    update of all parameters (~13.7M), and the zero gradients of the node slices off the cell."""
    tokens = batch * bptt
    cell = 2 * tokens * hidden * (2 * hidden) * (1 + 1 + nodes)
    softmax = 2 * tokens * hidden * vocabulary
    return 3 * (cell + softmax)


def shared_step_setup():
    """(step, params, flops) for row enas-rnn-shared-step, as bench/perf/perf.cs sets it up."""
    torch.manual_seed(0)
    model = EnasRnnShared(parse_arc(ENAS_LM))
    optimizer = torch.optim.SGD(model.params, lr=LEARNING_RATE)
    x = torch.randint(0, VOCABULARY, (BATCH, BPTT))
    y = torch.randint(0, VOCABULARY, (BATCH, BPTT))
    carried = {"state": model.initial_state(BATCH), "ce": None, "loss": None}

    def step():
        optimizer.zero_grad()
        loss, ce, output_state, _ = window_loss(model, x, y, carried["state"], model.regularised_weights())
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.params, GRADIENT_CLIP)
        optimizer.step()
        carried["state"] = output_state.detach()
        carried["ce"] = ce
        carried["loss"] = loss.detach()

    step.carried = carried                               # the last step's losses, for the self-check
    return step, sum(p.numel() for p in model.params), flops_per_step()


if __name__ == "__main__":
    import os
    import statistics
    import time

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(1)
    step, params, flops = shared_step_setup()
    print(f"params {params}  flops/step {flops / 1e9:.2f} G  threads {torch.get_num_threads()}  "
          f"ln(V) = {math.log(VOCABULARY):.3f}")
    times = []
    for i in range(3):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1000)
        ce = step.carried["ce"]
        assert math.isfinite(ce), f"step {i + 1}: cross-entropy {ce}"
        loss = step.carried["loss"].item()
        assert math.isfinite(loss), f"step {i + 1}: loss {loss}"
        print(f"step {i + 1}: loss {loss:.6f}  cross-entropy {ce:.6f}  {times[-1]:.0f} ms")
    print(f"median {statistics.median(times):.0f} ms ({flops / statistics.median(times) / 1e6:.2f} GFLOP/s)")
