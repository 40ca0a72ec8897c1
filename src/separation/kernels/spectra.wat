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
        (br $next))))
  ;; split_pair(z, out, stride, bins, n): the two channels of one frame of Z = FFT(l + i·r), bins 0 … bins − 1:
  ;; L = (Z[k] + conj Z[n − k]) / 2 and R = (Z[k] − conj Z[n − k]) / 2i (Z[0] pairs with itself), written as
  ;; L re, L im, R re, R im at out, out + stride, out + 2·stride, out + 3·stride (f32; sums in f64, like the
  ;; JavaScript). bins ≤ n/2.
  (func $split_one (param $z i32) (param $k i32) (param $b i32) (param $out i32) (param $stride i32)
    (local $ar f64) (local $ai f64) (local $br f64) (local $bi f64) (local $o i32)
    (local.set $ar (f64.promote_f32 (f32.load (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 3))))))
    (local.set $ai (f64.promote_f32 (f32.load offset=4 (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 3))))))
    (local.set $br (f64.promote_f32 (f32.load (i32.add (local.get $z) (i32.shl (local.get $b) (i32.const 3))))))
    (local.set $bi (f64.neg (f64.promote_f32 (f32.load offset=4 (i32.add (local.get $z) (i32.shl (local.get $b) (i32.const 3)))))))
    (local.set $o (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))))
    (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.const 0.5) (f64.add (local.get $ar) (local.get $br)))))
    (local.set $o (i32.add (local.get $o) (local.get $stride)))
    (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.const 0.5) (f64.add (local.get $ai) (local.get $bi)))))
    (local.set $o (i32.add (local.get $o) (local.get $stride)))
    (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.const 0.5) (f64.sub (local.get $ai) (local.get $bi)))))
    (local.set $o (i32.add (local.get $o) (local.get $stride)))
    (f32.store (local.get $o) (f32.demote_f64 (f64.mul (f64.const -0.5) (f64.sub (local.get $ar) (local.get $br))))))

  (func (export "split_pair")
    (param $z i32) (param $out i32) (param $stride i32) (param $bins i32) (param $n i32)
    (local $k i32) (local $a v128) (local $q v128) (local $ar v128) (local $ai v128) (local $br v128)
    (local $bi v128) (local $o i32)
    (call $split_one (local.get $z) (i32.const 0) (i32.const 0) (local.get $out) (local.get $stride))
    (local.set $k (i32.const 1))
    ;; k, k + 1 together: Z[k], Z[k+1] from one load, Z[n−k−1], Z[n−k] from another
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (i32.add (local.get $k) (i32.const 1)) (local.get $bins)))
        (local.set $a (v128.load (i32.add (local.get $z) (i32.shl (local.get $k) (i32.const 3)))))
        (local.set $q (v128.load (i32.add (local.get $z)
          (i32.shl (i32.sub (i32.sub (local.get $n) (local.get $k)) (i32.const 1)) (i32.const 3)))))
        (local.set $ar (f64x2.promote_low_f32x4 (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $a) (local.get $a))))
        (local.set $ai (f64x2.promote_low_f32x4 (i8x16.shuffle 4 5 6 7 12 13 14 15 4 5 6 7 12 13 14 15 (local.get $a) (local.get $a))))
        (local.set $br (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 0 1 2 3 8 9 10 11 0 1 2 3 (local.get $q) (local.get $q))))
        (local.set $bi (f64x2.neg (f64x2.promote_low_f32x4
          (i8x16.shuffle 12 13 14 15 4 5 6 7 12 13 14 15 4 5 6 7 (local.get $q) (local.get $q)))))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2))))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero
          (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.add (local.get $ar) (local.get $br)))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero
          (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.add (local.get $ai) (local.get $bi)))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero
          (f64x2.mul (v128.const f64x2 0.5 0.5) (f64x2.sub (local.get $ai) (local.get $bi)))))
        (local.set $o (i32.add (local.get $o) (local.get $stride)))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero
          (f64x2.mul (v128.const f64x2 -0.5 -0.5) (f64x2.sub (local.get $ar) (local.get $br)))))
        (local.set $k (i32.add (local.get $k) (i32.const 2)))
        (br $next)))
    (if (i32.lt_u (local.get $k) (local.get $bins))
      (then (call $split_one (local.get $z) (local.get $k) (i32.sub (local.get $n) (local.get $k)) (local.get $out) (local.get $stride))))))
