/**
 * Browser-side entry of `musicface preview`: plays the clip's Babylon animation at the song's current
 * time (the audio element is the clock), with play/pause, a scrub bar and curves under the view.
 * No runtime imports (serialized with toString, see scene/page/babylon-api.ts).
 */
import type { Babylon, createFaceScene } from '../../scene/page';
import type { PreviewPageApi, PreviewPageConfig } from '../preview-page-config';
type AnimationGroup = import('@babylonjs/core/Animations/animationGroup.js', { with: { 'resolution-mode': 'import' }}).AnimationGroup;

/** Curves sampled from the clip at `rate` per second. */
export interface Curves {
  rate: number;
  duration: number;
  jawOpen: Float32Array | null;
  yaw: Float32Array | null;
  eyes: Float32Array | null;
  /** Gaze of the left eye, degrees: +yaw toward the face's own left, +pitch down. */
  gazeYaw: Float32Array | null;
  gazePitch: Float32Array | null;
  /** The emotion curve resampled to `rate` (null when the clip has none). */
  valence: Float32Array | null;
  arousal: Float32Array | null;
}

export interface PreviewPageLib {
  createFaceScene: typeof createFaceScene;
  extractCurves: typeof extractCurves;
  drawCurves: typeof drawCurves;
}

/**
 * Samples the curves the page draws from the clip itself: jawOpen, head yaw (degrees, relative to the
 * rest pose, +yaw toward the face's own left), eye closure (mean of both blinks) and the left eye's
 * gaze yaw and pitch (degrees, from its four eyeLook weights); valence and arousal from the config.
 */
export function extractCurves(B: Babylon, group: AnimationGroup, cfg: PreviewPageConfig, head: unknown, restHead: unknown): Curves {
  const rate = 30;
  const fps = group.targetedAnimations[0]?.animation.framePerSecond ?? 60;
  const duration = Math.max(0, (group.to - group.from) / fps);
  const n = Math.max(2, Math.ceil(duration * rate) + 1);
  const find = (names: string[]) =>
    group.targetedAnimations.filter(
      (ta) => ta.animation.targetProperty === 'influence' && names.includes((ta.target as { name: string }).name),
    );
  const sample = (tas: ReturnType<typeof find>) => {
    if (!tas.length) return null;
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (const ta of tas) s += ta.animation.evaluate(group.from + (i / rate) * fps) as number;
      out[i] = s / tas.length;
    }
    return out;
  };
  const jaw = find(cfg.curveTargets.jawOpen);
  const look = (names: string[]) => sample(find(names));
  const [out, inward, up, down] = [
    cfg.curveTargets.eyeLookOutLeft,
    cfg.curveTargets.eyeLookInLeft,
    cfg.curveTargets.eyeLookUpLeft,
    cfg.curveTargets.eyeLookDownLeft,
  ].map(look);
  const deg = 180 / Math.PI;
  const g = cfg.eyeGain;
  const combine = (a: Float32Array | null, ga: number, b: Float32Array | null, gb: number) => {
    if (!a && !b) return null;
    const o = new Float32Array(n);
    for (let i = 0; i < n; i++) o[i] = ((a ? ga * a[i] : 0) - (b ? gb * b[i] : 0)) * deg;
    return o;
  };
  const eyes = [...find(cfg.curveTargets.eyeBlinkLeft), ...find(cfg.curveTargets.eyeBlinkRight)];
  let yaw: Float32Array | null = null;
  const rot = head
    ? group.targetedAnimations.find((ta) => ta.animation.targetProperty === 'rotationQuaternion' && ta.target === head)
    : undefined;
  if (rot && restHead) {
    yaw = new Float32Array(n);
    const inv = B.Quaternion.Inverse(restHead as InstanceType<Babylon['Quaternion']>);
    const m = new B.Matrix();
    for (let i = 0; i < n; i++) {
      const q = rot.animation.evaluate(group.from + (i / rate) * fps) as InstanceType<Babylon['Quaternion']>;
      // local = pose · rest for a head under the scene root: pose = local · rest⁻¹; yaw = atan2(m02, m22).
      q.multiply(inv).toRotationMatrix(m);
      const a = m.m; // column-major as Babylon stores it: a[8] = m02, a[10] = m22
      yaw[i] = (Math.atan2(a[8], a[10]) * 180) / Math.PI;
    }
  }
  const emo = cfg.emotion;
  const resample = (x: number[] | undefined) =>
    emo && x?.length ? Float32Array.from({ length: n }, (_, i) => x[Math.min(x.length - 1, Math.floor((i / rate) * emo.rate))]) : null;
  return {
    rate,
    duration,
    jawOpen: sample(jaw),
    yaw,
    eyes: sample(eyes),
    gazeYaw: combine(out, g.out, inward, g.in),
    gazePitch: combine(down, g.down, up, g.up),
    valence: resample(emo?.valence),
    arousal: resample(emo?.arousal),
  };
}

/** Draws the curves in lanes with a playhead at `time`. */
export function drawCurves(canvas: HTMLCanvasElement, curves: Curves, time: number): void {
  const ctx = canvas.getContext('2d')!;
  const w = canvas.width;
  const h = canvas.height;
  ctx.clearRect(0, 0, w, h);
  const lanes: [string, Float32Array | null, number, number, string][] = [
    ['jawOpen', curves.jawOpen, 0, 1, '#f6a'],
    ['head yaw (°)', curves.yaw, -1, 1, '#6cf'],
    ['eye closure', curves.eyes, 0, 1, '#fd6'],
    ['gaze yaw (°)', curves.gazeYaw, -1, 1, '#f93'],
    ['gaze pitch (°)', curves.gazePitch, -1, 1, '#c9f'],
    ['valence', curves.valence, -1, 1, '#cf6'],
    ['arousal', curves.arousal, -1, 1, '#f66'],
  ];
  const laneH = h / lanes.length;
  const left = 92;
  const plotW = w - left - 8;
  const x = (t: number) => left + (curves.duration > 0 ? (t / curves.duration) * plotW : 0);
  ctx.font = '12px system-ui, sans-serif';
  lanes.forEach(([label, data, lo0, hi0, color], k) => {
    const top = k * laneH + 6;
    const height = laneH - 12;
    ctx.fillStyle = '#2c3038';
    ctx.fillRect(left, top, plotW, height);
    ctx.fillStyle = '#aab';
    ctx.fillText(label, 6, top + height / 2 + 4);
    if (!data) {
      ctx.fillText('(not in this clip)', left + 8, top + height / 2 + 4);
      return;
    }
    let lo = lo0;
    let hi = hi0;
    if (label.endsWith('(°)')) {
      let m = 1;
      for (const v of data) m = Math.max(m, Math.abs(v));
      lo = -m;
      hi = m;
      ctx.fillText(`±${m.toFixed(0)}°`, 6, top + height / 2 + 18);
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let i = 0; i < data.length; i++) {
      const px = x(i / curves.rate);
      const py = top + height - ((data[i] - lo) / (hi - lo || 1)) * height;
      if (i) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
    }
    ctx.stroke();
  });
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x(time), 0);
  ctx.lineTo(x(time), h);
  ctx.stroke();
}

/** Sets up the view, the controls and the curves; the audio element is the clock. */
export async function previewPage(B: Babylon, lib: PreviewPageLib, cfg: PreviewPageConfig): Promise<PreviewPageApi> {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const canvas = $<HTMLCanvasElement>('view');
  const audio = $<HTMLAudioElement>('song');
  const playButton = $<HTMLButtonElement>('play');
  const scrub = $<HTMLInputElement>('scrub');
  const timeLabel = $<HTMLSpanElement>('time');
  const curvesCanvas = $<HTMLCanvasElement>('curves');
  $('title').textContent = cfg.title;
  const status = $('status');
  audio.src = cfg.audioUrl;
  audio.addEventListener('error', () => (status.textContent = 'This browser cannot play the song file.'));

  const response = await fetch(cfg.clipUrl);
  if (!response.ok) throw new Error(`clip: HTTP ${response.status}`);
  const face = await lib.createFaceScene(B, canvas, new Uint8Array(await response.arrayBuffer()), cfg);
  const groups = face.container.animationGroups;
  const group = groups.find((g) => g.name === cfg.clipName) ?? groups[groups.length - 1];
  if (!group) throw new Error('the clip has no animation');
  const headNode = cfg.headNode === null ? null : face.nodeAt(cfg.headNode);
  const restHead = headNode?.rotationQuaternion?.clone() ?? null;
  const curves = lib.extractCurves(B, group, cfg, headNode, restHead);
  const fps = group.targetedAnimations[0]?.animation.framePerSecond ?? 60;
  const morphTargets = face.scene.meshes.flatMap((m) => {
    const mtm = m.morphTargetManager;
    return mtm ? Array.from({ length: mtm.numTargets }, (_, i) => mtm.getTarget(i)) : [];
  });

  /** Applies the clip at `t` seconds (Babylon's own interpolation of the clip's keys). */
  const apply = (t: number) => {
    const frame = Math.min(group.to, group.from + t * fps);
    for (const ta of group.targetedAnimations) {
      const value = ta.animation.evaluate(frame);
      const target = ta.target as Record<string, any>;
      const prop = ta.animation.targetProperty;
      if (typeof value === 'number') target[prop] = value;
      else if (target[prop]?.copyFrom) target[prop].copyFrom(value);
      else target[prop] = value?.clone ? value.clone() : value;
    }
  };
  const duration = () => (Number.isFinite(audio.duration) ? audio.duration : curves.duration);
  const fmt = (s: number) => `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;
  let last = { time: 0, weights: {} as Record<string, number>, yaw: null as number | null, playing: false };
  let dragging = false;

  face.engine.runRenderLoop(() => {
    const t = audio.currentTime;
    apply(t);
    face.scene.render();
    const weights: Record<string, number> = {};
    for (const mt of morphTargets) if (!(mt.name in weights)) weights[mt.name] = mt.influence;
    let yaw: number | null = null;
    if (headNode?.rotationQuaternion && restHead) {
      const m = new B.Matrix();
      headNode.rotationQuaternion.multiply(B.Quaternion.Inverse(restHead)).toRotationMatrix(m);
      yaw = (Math.atan2(m.m[8], m.m[10]) * 180) / Math.PI;
    }
    last = { time: t, weights, yaw, playing: !audio.paused };
    lib.drawCurves(curvesCanvas, curves, t);
    if (!dragging) scrub.value = String(Math.round((t / (duration() || 1)) * 1000));
    timeLabel.textContent = `${fmt(t)} / ${fmt(duration())}`;
    playButton.textContent = audio.paused ? 'Play' : 'Pause';
  });
  window.addEventListener('resize', () => face.engine.resize());

  const seek = (s: number) => {
    audio.currentTime = Math.max(0, Math.min(duration(), s));
  };
  playButton.addEventListener('click', () => (audio.paused ? void audio.play() : audio.pause()));
  scrub.addEventListener('input', () => {
    dragging = true;
    seek((Number(scrub.value) / 1000) * duration());
  });
  scrub.addEventListener('change', () => (dragging = false));
  const seekFromCurves = (e: PointerEvent) => {
    const r = curvesCanvas.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * curvesCanvas.width;
    const left = 92;
    seek(((x - left) / (curvesCanvas.width - left - 8)) * curves.duration);
  };
  curvesCanvas.addEventListener('pointerdown', (e) => {
    seekFromCurves(e);
    curvesCanvas.setPointerCapture(e.pointerId);
  });
  curvesCanvas.addEventListener('pointermove', (e) => e.buttons && seekFromCurves(e));
  document.addEventListener('keydown', (e) => {
    if (e.code === 'Space' && e.target === document.body) {
      e.preventDefault();
      playButton.click();
    }
  });

  return {
    snapshot: () => last,
    play: () => audio.play(),
    pause: () => audio.pause(),
    seek,
  };
}
