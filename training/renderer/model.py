"""pix2pixHD-style networks for the per-person neural renderer (FACIAL's rendering stage).

Generator: the "global" generator of pix2pixHD (Wang et al. 2018): c7s1-ngf, `n_down` stride-2
downsamplings, `n_blocks` residual blocks, as many transposed-convolution upsamplings, c7s1-3 + tanh.
Input: the last `stack` conditioning frames stacked on channels (3·stack); output: the frame in 0…1.

Discriminator: `num_d` PatchGAN discriminators (n_layers strided 4×4 convolutions) on an image pyramid,
each returning its intermediate features for the feature-matching loss. It judges (current conditioning
frame, image) pairs.
"""

import torch.nn as nn
import torch.nn.functional as F


class ResBlock(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1),
            nn.Conv2d(ch, ch, 3),
            nn.InstanceNorm2d(ch),
            nn.ReLU(True),
            nn.ReflectionPad2d(1),
            nn.Conv2d(ch, ch, 3),
            nn.InstanceNorm2d(ch),
        )

    def forward(self, x):
        return x + self.body(x)


class Generator(nn.Module):
    def __init__(self, stack=10, ngf=32, n_down=3, n_blocks=6, max_ch=256):
        super().__init__()
        self.config = dict(stack=stack, ngf=ngf, n_down=n_down, n_blocks=n_blocks, max_ch=max_ch)
        ch = ngf
        layers = [nn.ReflectionPad2d(3), nn.Conv2d(3 * stack, ch, 7), nn.InstanceNorm2d(ch), nn.ReLU(True)]
        for _ in range(n_down):
            nxt = min(ch * 2, max_ch)
            layers += [nn.Conv2d(ch, nxt, 3, stride=2, padding=1), nn.InstanceNorm2d(nxt), nn.ReLU(True)]
            ch = nxt
        layers += [ResBlock(ch) for _ in range(n_blocks)]
        for i in range(n_down):
            nxt = max(ngf, min(ngf * 2 ** (n_down - i - 1), max_ch))
            layers += [
                nn.ConvTranspose2d(ch, nxt, 3, stride=2, padding=1, output_padding=1),
                nn.InstanceNorm2d(nxt),
                nn.ReLU(True),
            ]
            ch = nxt
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(ch, 3, 7), nn.Tanh()]
        self.net = nn.Sequential(*layers)

    def forward(self, cond):
        """cond: N × 3·stack × S × S in 0…1 → frame N × 3 × S × S in 0…1."""
        return (self.net(cond * 2 - 1) + 1) / 2


class PatchD(nn.Module):
    def __init__(self, in_ch, ndf=64, n_layers=3):
        super().__init__()
        seq = [[nn.Conv2d(in_ch, ndf, 4, stride=2, padding=2), nn.LeakyReLU(0.2, True)]]
        ch = ndf
        for _ in range(1, n_layers):
            nxt = min(ch * 2, 512)
            seq.append([nn.Conv2d(ch, nxt, 4, stride=2, padding=2), nn.InstanceNorm2d(nxt), nn.LeakyReLU(0.2, True)])
            ch = nxt
        nxt = min(ch * 2, 512)
        seq.append([nn.Conv2d(ch, nxt, 4, stride=1, padding=2), nn.InstanceNorm2d(nxt), nn.LeakyReLU(0.2, True)])
        seq.append([nn.Conv2d(nxt, 1, 4, stride=1, padding=2)])
        self.layers = nn.ModuleList(nn.Sequential(*s) for s in seq)

    def forward(self, x):
        feats = []
        for layer in self.layers:
            x = layer(x)
            feats.append(x)
        return feats


class MultiscaleD(nn.Module):
    def __init__(self, in_ch=6, ndf=64, n_layers=3, num_d=2):
        super().__init__()
        self.ds = nn.ModuleList(PatchD(in_ch, ndf, n_layers) for _ in range(num_d))

    def forward(self, x):
        out = []
        for i, d in enumerate(self.ds):
            if i:
                x = F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False)
            out.append(d(x))
        return out


def lsgan(preds, real):
    """LSGAN loss over every discriminator's last output."""
    target = 1.0 if real else 0.0
    return sum(((p[-1] - target) ** 2).mean() for p in preds) / len(preds)


def feature_matching(fake_preds, real_preds):
    """pix2pixHD feature matching: L1 between D features of real and fake (all but the last layer)."""
    loss = 0.0
    n = 0
    for fp, rp in zip(fake_preds, real_preds, strict=True):
        for f, r in zip(fp[:-1], rp[:-1], strict=True):
            loss = loss + (f - r.detach()).abs().mean()
            n += 1
    return loss / max(1, n)
