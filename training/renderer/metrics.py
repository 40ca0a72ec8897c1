"""Image quality measures for held-out frames: PSNR, SSIM (Wang et al. 2004: 11×11 gaussian window,
σ 1.5, K1 0.01, K2 0.03, on luma), and CPBD sharpness (Narvekar & Karam 2011, on luma: Sobel edges,
edge widths along the gradient direction, just-noticeable-blur widths 5 (contrast ≤ 50) or 3,
P(blur) = 1 − exp(−(w/w_JNB)^3.6), CPBD = share of edges with P(blur) ≤ 63 %). Inputs: H × W × 3 uint8."""

import numpy as np
from scipy import ndimage


def luma(img):
    img = img.astype(np.float64)
    return 0.299 * img[..., 0] + 0.587 * img[..., 1] + 0.114 * img[..., 2]


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def ssim(a, b):
    x, y = luma(a), luma(b)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2

    def g(z):
        return ndimage.gaussian_filter(z, 1.5, truncate=3.5)

    mx, my = g(x), g(y)
    sxx, syy, sxy = g(x * x) - mx * mx, g(y * y) - my * my, g(x * y) - mx * my
    m = ((2 * mx * my + c1) * (2 * sxy + c2)) / ((mx * mx + my * my + c1) * (sxx + syy + c2))
    return float(m[5:-5, 5:-5].mean())


def cpbd(img, block=64):
    """CPBD of one image (0…1, higher is sharper)."""
    x = luma(img)
    gx, gy = ndimage.sobel(x, 1), ndimage.sobel(x, 0)
    mag = np.hypot(gx, gy)
    # Edges: local maxima of the gradient along its direction, above an adaptive threshold.
    thr = 2 * mag.mean() if mag.mean() > 0 else 1
    angle = np.arctan2(gy, gx)
    horizontal = np.abs(np.cos(angle)) >= np.abs(np.sin(angle))
    left, right = np.roll(mag, 1, 1), np.roll(mag, -1, 1)
    up, down = np.roll(mag, 1, 0), np.roll(mag, -1, 0)
    peak = np.where(horizontal, (mag >= left) & (mag >= right), (mag >= up) & (mag >= down))
    edges = peak & (mag > thr)
    edges[:2, :] = edges[-2:, :] = False
    edges[:, :2] = edges[:, -2:] = False
    h, w = x.shape
    probs = []
    for by in range(0, h, block):
        for bx in range(0, w, block):
            blk = x[by : by + block, bx : bx + block]
            contrast = blk.max() - blk.min() if blk.size else 0
            w_jnb = 5.0 if contrast <= 50 else 3.0
            ys, xs = np.nonzero(edges[by : by + block, bx : bx + block])
            if len(ys) < block * block * 0.002:
                continue
            for yy, xx in zip(ys + by, xs + bx, strict=True):
                width = edge_width(
                    x, yy, xx, horizontal[yy, xx], np.sign(gx[yy, xx] if horizontal[yy, xx] else gy[yy, xx])
                )
                if width > 0:
                    probs.append(1 - np.exp(-((width / w_jnb) ** 3.6)))
    if not probs:
        return 0.0
    return float(np.mean(np.array(probs) <= 0.63))


def edge_width(x, y, xx, horizontal, sign):
    """Distance between the intensity extrema on both sides of an edge pixel, along the gradient axis."""
    line = x[y, :] if horizontal else x[:, xx]
    p = xx if horizontal else y
    s = 1 if sign >= 0 else -1  # rising edge: walk down to the minimum before, up to the maximum after
    a = p
    while 0 < a and (line[a - 1] - line[a]) * s < 0:
        a -= 1
    b = p
    while b < len(line) - 1 and (line[b + 1] - line[b]) * s > 0:
        b += 1
    return b - a
