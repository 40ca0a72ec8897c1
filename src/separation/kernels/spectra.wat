;; The per-frame loops of the separators' transforms (src/separation/mask-segment.ts) in WebAssembly SIMD,
;; run in the FFT's own memory (pffft-wasm, imported), so a windowed frame goes straight into the FFT's
;; input and a spectrum straight out of it. Each operation is the one the JavaScript did, in its precision
;; — f32 products of f32 values; the window products and the overlap-add in f64, rounded where it stored —
;; so the bytes are the same. Addresses are byte offsets; WebAssembly arithmetic is IEEE, without fused
;; multiply-add, the same on every machine.
(module
  (import "env" "memory" (memory 1))

  ;; window_pair(l, r, w, out, n): out[2i] = f32(l[i]·w[i]), out[2i+1] = f32(r[i]·w[i]) for i < n (n even;
  ;; l, r, out f32; w f64).
  (func (export "window_pair")
    (param $l i32) (param $r i32) (param $w i32) (param $out i32) (param $n i32)
    (local $end i32) (local $wv v128) (local $pl v128) (local $pr v128)
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $wv (v128.load (local.get $w)))
        (local.set $pl (f32x4.demote_f64x2_zero
          (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $l))) (local.get $wv))))
        (local.set $pr (f32x4.demote_f64x2_zero
          (f64x2.mul (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $r))) (local.get $wv))))
        ;; [l0, r0, l1, r1]
        (v128.store (local.get $out)
          (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $pl) (local.get $pr)))
        (local.set $l (i32.add (local.get $l) (i32.const 8)))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br $next))))

  ;; mask_conj(z, m, out, n): out[k] = conj(z[k])·m[min(k, n − k)] for the n complex values of a frame
  ;; (z, out interleaved re/im f32; m the frame's n/2 + 1 mask values, f32; n a multiple of 4).
  (func (export "mask_conj")
    (param $z i32) (param $m i32) (param $out i32) (param $n i32)
    (local $half i32) (local $mp i32) (local $mv v128)
    (local.set $half (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    ;; k < n/2, two at a time: [m_k, −m_k, m_k+1, −m_k+1]
    (local.set $mp (local.get $m))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $out) (local.get $half)))
        (local.set $mv (v128.load64_zero (local.get $mp)))
        (local.set $mv (f32x4.mul
          (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (local.get $mv) (local.get $mv))
          (v128.const f32x4 1 -1 1 -1)))
        (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $z)) (local.get $mv)))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $mp (i32.add (local.get $mp) (i32.const 8)))
        (br $next)))
    ;; k ≥ n/2, two at a time, the mask read backwards from m[n/2]: [m_{n−k}, −m_{n−k}, m_{n−k−1}, −m_{n−k−1}]
    (local.set $half (i32.add (local.get $half) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $mp (i32.sub (local.get $mp) (i32.const 4)))
    (block $done2
      (loop $next2
        (br_if $done2 (i32.ge_u (local.get $out) (local.get $half)))
        (local.set $mv (v128.load64_zero (local.get $mp)))
        (local.set $mv (f32x4.mul
          (i8x16.shuffle 4 5 6 7 4 5 6 7 0 1 2 3 0 1 2 3 (local.get $mv) (local.get $mv))
          (v128.const f32x4 1 -1 1 -1)))
        (v128.store (local.get $out) (f32x4.mul (v128.load (local.get $z)) (local.get $mv)))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $mp (i32.sub (local.get $mp) (i32.const 8)))
        (br $next2))))

  ;; overlap_add(t, w, accL, accR, n): accL[i] += t[2i]·w[i], accR[i] −= t[2i+1]·w[i] for i < n (n even;
  ;; t f32 interleaved; w, acc f64).
  (func (export "overlap_add")
    (param $t i32) (param $w i32) (param $accL i32) (param $accR i32) (param $n i32)
    (local $end i32) (local $tv v128) (local $wv v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $tv (v128.load (local.get $t)))
        (local.set $wv (v128.load (local.get $w)))
        (v128.store (local.get $accL) (f64x2.add (v128.load (local.get $accL))
          (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $tv) (local.get $tv))) (local.get $wv))))
        (v128.store (local.get $accR) (f64x2.sub (v128.load (local.get $accR))
          (f64x2.mul (f64x2.promote_low_f32x4
            (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $tv) (local.get $tv))) (local.get $wv))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $accL (i32.add (local.get $accL) (i32.const 16)))
        (local.set $accR (i32.add (local.get $accR) (i32.const 16)))
        (br $next)))))
