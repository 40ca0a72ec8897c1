"""The learned separator's network (PyTorch; exported to ONNX as models/separator-learned.onnx).

Input: the STFT of a stereo segment at 44.1 kHz (4096-point periodic Hann, hop 1024, no centring — the
built-in separator's transform, src/separation/mask-segment.ts), bins 0…2047 as float32
[1, 4, T, 2048] = (L re, L im, R re, R im). Output: the vocal mask [1, T, 2048] in [0, 1] (the runtime
gives the Nyquist bin 0).

Everything after the STFT is in the graph, so the runtime cannot disagree with training:
- per-bin cues (the built-in's, as numbers rather than a fixed product): log mid power, log side power,
  the stereo-centre similarity 2|L·R*|/(|L|²+|R|²), harmonicity H/(H+P) (moving averages of the mid
  magnitude over 17 frames and over 17 bins) and peakiness (log mid minus its 7-bin mean: a partial
  stands above its neighbours);
- a band branch: the cues averaged in 256 bands (2 bins wide to 2.7 kHz, 8 to 11 kHz, 32 above), a
  per-frame projection and a dilated temporal convolution stack over ±63 frames (±1.5 s), and per band
  six coefficients;
- the mask: sigmoid(a0 + a1·logmid + a2·logside + a3·centre + a4·harmonic + a5·peak) per bin, with the
  coefficients of the bin's band. The band branch decides *where* the voice is (time, register, how
  centred and harmonic it is in this song); the per-bin sum keeps the harmonic detail.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F

N_FFT = 4096
HOP = 1024
SR = 44100
BINS = 2048  # bins 0..2047; the Nyquist bin is left to the runtime (mask 0)
# (first bin, last bin + 1, band width in bins): 128 + 96 + 32 = 256 bands
REGIONS = ((0, 256, 2), (256, 1024, 8), (1024, 2048, 32))
BANDS = sum((b - a) // w for a, b, w in REGIONS)
CUES = 5  # band branch input per band: log mid, log side, centre, harmonicity, peakiness
COEFS = 6  # per band: bias and the weights of the bin's log mid, log side, centre, harmonicity, peakiness
DILATIONS = (1, 2, 4, 8, 16, 32)
HIDDEN = 192
# Frames of context the graph reads on each side: the 17-frame box (8) + the dilated stack.
CONTEXT_FRAMES = 8 + sum(DILATIONS)


def box(x, dim, width):
    """Sum over a centred window of `width` along `dim`, zeros outside (a cumulative-sum difference:
    two passes whatever the width, where ONNX Runtime's AveragePool takes one per tap)."""
    h = width // 2
    pad = [0, 0] * (x.dim() - 1 - dim) + [h + 1, h]
    c = torch.cumsum(F.pad(x, pad), dim)
    n = x.shape[dim]
    return c.narrow(dim, width, n) - c.narrow(dim, 0, n)


def box_bins(x, width):
    """`box` along the bins of [N, T, BINS], summed along a middle axis: ONNX Runtime's CumSum runs element
    by element on the innermost axis (4 ms a segment) and row by row on the others (0.4 ms). Same sums."""
    return box(x.transpose(1, 2), 1, width).transpose(1, 2)


def band_of_bin():
    """The band index of each bin 0…BINS−1 (REGIONS' order)."""
    out, first = [], 0
    for a, b, w in REGIONS:
        out.append(torch.arange(first, first + (b - a) // w).repeat_interleave(w))
        first += (b - a) // w
    return torch.cat(out)


class LearnedSeparator(nn.Module):
    def __init__(self, hidden=HIDDEN):
        super().__init__()
        # a per-frame projection of the band cues (1×1: the dilated stack supplies the context)
        self.stem = nn.Conv1d(CUES * BANDS, hidden, 1)
        self.blocks = nn.ModuleList(nn.Conv1d(hidden, hidden, 3, padding=d, dilation=d) for d in DILATIONS)
        # per-frame normalisation over channels only: a norm over time would make a frame's mask depend on
        # how long the segment is (the runtime streams fixed segments; training sees 4-s clips)
        self.norms = nn.ModuleList(nn.LayerNorm(hidden) for _ in DILATIONS)
        self.head = nn.Conv1d(hidden, COEFS * BANDS, 1)
        nn.init.zeros_(self.head.weight)
        # start near the built-in's idea: centred, harmonic bins are voice
        b = torch.zeros(COEFS, BANDS)
        b[0], b[3], b[4] = -6.0, 4.0, 3.0
        with torch.no_grad():
            self.head.bias.copy_(b.flatten())
        self.register_buffer('bands', band_of_bin(), persistent=False)

    @staticmethod
    def cues(spec):
        """spec [N, 4, T, BINS] → per-bin log mid, log side, centre, harmonicity, peakiness, each [N, T, BINS]."""
        lr, li, rr, ri = spec[:, 0], spec[:, 1], spec[:, 2], spec[:, 3]
        pl = lr * lr + li * li
        pr = rr * rr + ri * ri
        cr = lr * rr + li * ri
        ci = li * rr - lr * ri
        # |L+R|²/4 and |L−R|²/4 from the powers and Re(L·R*)
        pm = (0.25 * (pl + pr) + 0.5 * cr).clamp(min=0)
        ps = (0.25 * (pl + pr) - 0.5 * cr).clamp(min=0)
        centre = 2 * torch.sqrt(cr * cr + ci * ci + 1e-20) / (pl + pr + 1e-9)
        mag = torch.sqrt(pm + 1e-12)
        h = box(mag, 1, 17)
        harm = h / (h + box_bins(mag, 17) + 1e-9)
        logm = 0.1 * torch.log(pm + 1e-6)
        logs = 0.1 * torch.log(ps + 1e-6)
        # a partial stands above its neighbours in frequency: log mid minus its 7-bin mean
        peak = logm - box_bins(logm, 7) / 7
        return logm, logs, centre, harm, peak

    def forward(self, spec):
        n, _, t, _ = spec.shape
        cues = self.cues(spec)
        pooled = []
        for a, b, w in REGIONS:
            nb = (b - a) // w
            pooled.append(torch.stack([c[..., a:b].reshape(n, t, nb, w).mean(-1) for c in cues], 1))
        x = torch.cat(pooled, -1).permute(0, 1, 3, 2).reshape(n, CUES * BANDS, t)
        x = F.gelu(self.stem(x))
        for conv, norm in zip(self.blocks, self.norms, strict=True):
            x = x + F.gelu(conv(norm(x.transpose(1, 2)).transpose(1, 2)))
        # Each bin takes its band's coefficients by gathering whole rows along the band axis, one coefficient at
        # a time (all six at once held 29 MB more per segment), and the sum runs in [N, BINS, T]: same-shape
        # products, where broadcasting a band over its 2-bin rows ran 5× slower a value.
        coef = self.head(x).reshape(n, COEFS, BANDS, t)
        z = coef[:, 0].index_select(1, self.bands)  # [N, BINS, T]
        for i, c in enumerate(cues):
            z = z + coef[:, i + 1].index_select(1, self.bands) * c.transpose(1, 2)
        return torch.sigmoid(z).transpose(1, 2)
