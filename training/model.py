"""The MusicFace generator (paper section 3), small enough to train on 2 CPU cores in about an hour.

Shapes: B batch, T video frames (30 fps), W = 39 MFCC frames per window, C = 26 MFCC+delta, S styles.
Read top to bottom: encoder (eq. 3) -> attention modulators (eq. 4) -> expression (eq. 5),
pose speed + direction (eq. 6-7), long eye closing (eq. 8) -> discriminator (eq. 12).
"""

from dataclasses import asdict, dataclass

import torch
import torch.nn as nn
import torch.nn.functional as F

N_ARKIT = 52
POSE_DIM = 6
WINDOW = 39
MFCC_DIM = 26
VARIANTS = ('single', 'two', 'atm', 'full')
FRAME_MULTIPLE = 4  # the frame graph's T must be a multiple of this (U-Net strides)


@dataclass
class Config:
    variant: str = 'full'  # single | two | atm | full (paper Table 1)
    styles: int = 6
    enc_channels: int = 16  # width of the per-window CNN (its cost dominates training on CPU)
    feat: int = 64  # D: encoded features per stream per frame
    unet: int = 64  # width of the attention U-Nets
    hidden: int = 128  # hidden width of the decoder MLPs
    lstm: int = 64  # direction LSTM hidden size

    def dict(self):
        return asdict(self)


class ResBlock1d(nn.Module):
    def __init__(self, ch, k=3, dilation=1):
        super().__init__()
        pad = dilation * (k - 1) // 2
        self.c1 = nn.Conv1d(ch, ch, k, padding=pad, dilation=dilation)
        self.c2 = nn.Conv1d(ch, ch, k, padding=pad, dilation=dilation)

    def forward(self, x):
        return F.relu(x + self.c2(F.relu(self.c1(x))))


class WindowResBlock(nn.Module):
    """Residual block of 1-D convolutions along each window's own time axis (kernel 1×k over B,C,T,W)."""

    def __init__(self, ch, k=3):
        super().__init__()
        self.c1 = nn.Conv2d(ch, ch, (1, k), padding=(0, k // 2))
        self.c2 = nn.Conv2d(ch, ch, (1, k), padding=(0, k // 2))

    def forward(self, x):
        return F.relu(x + self.c2(F.relu(self.c1(x))))


class AudioEncoder(nn.Module):
    """AE^v / AE^b (eq. 3): a 1-D temporal CNN with residual blocks over each 39-frame MFCC window
    (style one-hot appended to every MFCC frame, 3.2.4), then a temporal residual block across video
    frames so neighbouring windows share context.

    Windows are processed as B × C × T × W with 1×k kernels: every video frame's window is convolved
    independently, and the exported graph needs no reshapes (no shape arithmetic to mis-fold)."""

    def __init__(self, cfg: Config):
        super().__init__()
        c = cfg.enc_channels
        self.inp = nn.Conv2d(MFCC_DIM + cfg.styles, c, (1, 3), stride=(1, 2), padding=(0, 1))  # 39 -> 20
        self.res1 = WindowResBlock(c)
        self.down2 = nn.Conv2d(c, 2 * c, (1, 3), stride=(1, 2), padding=(0, 1))  # 20 -> 10
        self.res2 = WindowResBlock(2 * c)
        self.down3 = nn.Conv2d(2 * c, 2 * c, (1, 3), stride=(1, 2), padding=(0, 1))  # 10 -> 5
        self.proj = nn.Conv2d(2 * c, cfg.feat, (1, 5))  # 5 -> 1
        self.temporal = ResBlock1d(cfg.feat, k=3)

        # Raw MFCCs span tens of units (c0 is a log energy, −36 in digital silence); each dimension is
        # standardised with the training set's statistics, kept in the graph so the contract stays raw MFCC.
        self.register_buffer('mean', torch.zeros(MFCC_DIM))
        self.register_buffer('std', torch.ones(MFCC_DIM))

    def forward(self, x, style):
        # x: B,T,W,C ; style: B,S.  Broadcasting by multiplication, not expand(), for the same reason.
        x = ((x - self.mean) / self.std).permute(0, 3, 1, 2)  # B,C,T,W
        s = style[:, :, None, None] * torch.ones_like(x[:, :1])
        h = self.res1(F.relu(self.inp(torch.cat([x, s], 1))))
        h = self.res2(F.relu(self.down2(h)))
        h = F.relu(self.down3(h))
        h = self.proj(h)[..., 0]  # B,D,T
        return self.temporal(h)


class TemporalUNet(nn.Module):
    """Three-level 1-D U-Net over time (3.2.3): long-range context for the attention weights."""

    def __init__(self, ch_in, width):
        super().__init__()
        self.e1 = nn.Sequential(nn.Conv1d(ch_in, width, 5, padding=2), nn.LeakyReLU(0.2))
        self.e2 = nn.Sequential(nn.Conv1d(width, width, 5, stride=2, padding=2), nn.LeakyReLU(0.2))
        self.e3 = nn.Sequential(nn.Conv1d(width, width, 5, stride=2, padding=2), nn.LeakyReLU(0.2))
        self.d2 = nn.Sequential(nn.Conv1d(2 * width, width, 5, padding=2), nn.LeakyReLU(0.2))
        self.d1 = nn.Sequential(nn.Conv1d(2 * width, width, 5, padding=2), nn.LeakyReLU(0.2))
        self.out = nn.Conv1d(width, ch_in, 1)
        # Start with every attention weight at sigmoid(0) = 0.5: the U-Net's random initial output
        # saturated the sigmoid, froze the attention and starved the decoders (measured).
        self.reset_output()

    def reset_output(self):
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)

    def forward(self, x):
        # T must be a multiple of 4 (FRAME_MULTIPLE): then every level halves exactly and nearest x2
        # upsampling restores each length with no crop, output t depends on the same inputs whatever the
        # sequence length, and long songs run in 4-aligned chunks with no seams.
        h1 = self.e1(x)
        h2 = self.e2(h1)
        h3 = self.e3(h2)
        u2 = self.d2(torch.cat([F.interpolate(h3, scale_factor=2.0, mode='nearest'), h2], 1))
        u1 = self.d1(torch.cat([F.interpolate(u2, scale_factor=2.0, mode='nearest'), h1], 1))
        return self.out(u1)


class Modulator(nn.Module):
    """ATM (eq. 4): att = sigmoid(U-Net(f_v ⊕ f_b)); [l, m] = att ⊙ (f_v ⊕ f_b)."""

    def __init__(self, ch, width):
        super().__init__()
        self.unet = TemporalUNet(ch, width)

    def forward(self, f):
        att = torch.sigmoid(self.unet(f))
        return att * f, att


def mlp(ch_in, hidden, ch_out):
    return nn.Sequential(nn.Linear(ch_in, hidden), nn.ReLU(), nn.Linear(hidden, ch_out))


class Generator(nn.Module):
    def __init__(self, cfg: Config, pose_scale=None, vel_scale=None, feature_stats=None):
        super().__init__()
        assert cfg.variant in VARIANTS, cfg.variant
        self.cfg = cfg
        two = cfg.variant != 'single'
        self.enc_v = AudioEncoder(cfg)
        self.enc_b = AudioEncoder(cfg) if two else None
        ch = cfg.feat * (2 if two else 1)
        self.use_atm = cfg.variant in ('atm', 'full')
        if self.use_atm:
            self.atm = nn.ModuleDict({k: Modulator(ch, cfg.unet) for k in ('expression', 'pose', 'eye')})
        dec_in = ch + cfg.styles
        self.expression = mlp(dec_in, cfg.hidden, N_ARKIT)  # eq. 5
        self.eye = mlp(dec_in, cfg.hidden, 1)  # eq. 8
        if cfg.variant == 'full':
            self.speed = mlp(dec_in, cfg.hidden, POSE_DIM)  # eq. 6
            self.lstm = nn.LSTMCell(dec_in + 2 * POSE_DIM, cfg.lstm)  # eq. 7
            self.direction = nn.Linear(cfg.lstm, POSE_DIM)
        else:
            self.pose_mlp = mlp(dec_in, cfg.hidden, POSE_DIM)  # ablations: MLP pose
        # Pose and velocity are learned in units of the training set's per-dimension spread, so radians
        # and metres weigh alike; the exported graphs take and give physical units.
        ones = torch.ones(POSE_DIM)
        self.register_buffer(
            'pose_scale', ones.clone() if pose_scale is None else torch.as_tensor(pose_scale, dtype=torch.float32)
        )
        self.register_buffer(
            'vel_scale', ones.clone() if vel_scale is None else torch.as_tensor(vel_scale, dtype=torch.float32)
        )
        if feature_stats is not None:  # {'vocals': (mean, std), 'accompaniment': …, 'mixture': …}
            first = 'mixture' if cfg.variant == 'single' else 'vocals'
            for enc, stream in ((self.enc_v, first), (self.enc_b, 'accompaniment')):
                if enc is not None:
                    enc.mean.copy_(torch.as_tensor(feature_stats[stream][0]))
                    enc.std.copy_(torch.as_tensor(feature_stats[stream][1]))

    # --- encoder -----------------------------------------------------------------------------
    def encode(self, vocals, accompaniment, style):
        """Returns per-task decoder inputs (B,T,dec_in) and attention maps (B,T,ch) or None."""
        if self.enc_b is None:
            f = self.enc_v(vocals, style)  # single stream: `vocals` holds the mixture
        else:
            f = torch.cat([self.enc_v(vocals, style), self.enc_b(accompaniment, style)], 1)
        s = style[:, :, None] * torch.ones_like(f[:, :1, :])
        out, att = {}, {}
        for task in ('expression', 'pose', 'eye'):
            if self.use_atm:
                g, a = self.atm[task](f)
                att[task] = a.transpose(1, 2)
            else:
                g = f
            out[task] = torch.cat([g, s], 1).transpose(1, 2)  # B,T,dec_in
        return out, att

    # --- decoders ----------------------------------------------------------------------------
    def frame_outputs(self, vocals, accompaniment, style):
        """Everything that is not autoregressive: one pass over the window."""
        h, att = self.encode(vocals, accompaniment, style)
        res = {
            'expression': self.expression(h['expression']),
            'eye_long': self.eye(h['eye']),
            'att': att,
            'pose_features': h['pose'],
        }
        if self.cfg.variant == 'full':
            res['pose_speed'] = torch.abs(self.speed(h['pose'])) * self.vel_scale
        else:
            # direct pose regression (ablations), in physical units
            res['pose'] = self.pose_mlp(h['pose']) * self.pose_scale
        return res

    def direction_step(self, feat, prev_pose, prev_vel, h, c):
        """One step of eq. 7: d_t = tanh(FC(LSTM(features ⊕ p_{t-1} ⊕ v_{t-1}))).
        prev_pose / prev_vel in physical units; scaled inside so all dimensions are O(1)."""
        x = torch.cat([feat, prev_pose / self.pose_scale, prev_vel / self.vel_scale], -1)
        h, c = self.lstm(x, (h, c))
        return torch.tanh(self.direction(h)), h, c

    def rollout(self, feats, speed, pose0, vel0, gt_pose=None, teacher=0.0):
        """p_t = p_{t-1} + s_t ⊙ d_t over a window. With probability `teacher` per step the previous
        pose/velocity fed to the LSTM are the ground truth (scheduled sampling)."""
        B, T, _ = feats.shape
        h = feats.new_zeros(B, self.cfg.lstm)
        c = feats.new_zeros(B, self.cfg.lstm)
        p, v = pose0, vel0
        poses = []
        for t in range(T):
            if gt_pose is not None and teacher > 0 and t > 0:
                use = (torch.rand(B, 1, device=feats.device) < teacher).float()
                gp = gt_pose[:, t - 1]
                gv = gp - (gt_pose[:, t - 2] if t >= 2 else pose0)
                p_in, v_in = use * gp + (1 - use) * p, use * gv + (1 - use) * v
            else:
                p_in, v_in = p, v
            d, h, c = self.direction_step(feats[:, t], p_in, v_in, h, c)
            v = speed[:, t] * d
            p = p_in + v
            poses.append(p)
        return torch.stack(poses, 1)

    def forward(self, vocals, accompaniment, style, pose0=None, vel0=None, gt_pose=None, teacher=0.0):
        res = self.frame_outputs(vocals, accompaniment, style)
        if self.cfg.variant == 'full':
            B = vocals.shape[0]
            pose0 = vocals.new_zeros(B, POSE_DIM) if pose0 is None else pose0
            vel0 = vocals.new_zeros(B, POSE_DIM) if vel0 is None else vel0
            res['pose'] = self.rollout(res['pose_features'], res['pose_speed'], pose0, vel0, gt_pose, teacher)
        return res


class Discriminator(nn.Module):
    """D(p, e_long, a) of eq. 12: a temporal CNN judging pose + long eye closing against the audio
    (per-frame mean of each stream's MFCC window)."""

    def __init__(self, streams=2, width=64):
        super().__init__()
        ch = POSE_DIM + 1 + MFCC_DIM * streams
        self.net = nn.Sequential(
            nn.Conv1d(ch, width, 5, padding=2),
            nn.LeakyReLU(0.2),
            nn.Conv1d(width, width, 5, stride=2, padding=2),
            nn.LeakyReLU(0.2),
            nn.Conv1d(width, width, 5, stride=2, padding=2),
            nn.LeakyReLU(0.2),
            nn.Conv1d(width, 1, 3, padding=1),
        )

    def forward(self, pose_n, eye_long, audio_summary):
        x = torch.cat([pose_n, eye_long, audio_summary], -1).transpose(1, 2)
        return self.net(x)
