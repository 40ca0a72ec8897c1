;; Polyphase FIR inner loop for src/audio/resample.ts, in WebAssembly SIMD (f32x4).
;; produce(buf, phases, out, count, taps, up, down, p, start): for o in [0, count):
;;   out[o] = Σ_k buf[start + k] · phases[p·taps + k]   (k < taps, taps a multiple of 8)
;;   then p += down; start += p / up; p %= up.
;; Addresses are byte offsets into the exported memory; samples are f32.
;; Fixed lane order (two f32x4 accumulators, then a fixed horizontal sum) keeps results bit-identical on
;; every machine: WebAssembly f32 arithmetic is IEEE, without fused multiply-add.
(module
  (memory (export "memory") 1)
  (func (export "produce")
    (param $buf i32) (param $phases i32) (param $out i32) (param $count i32)
    (param $taps i32) (param $up i32) (param $down i32) (param $p i32) (param $start i32)
    (local $o i32) (local $x i32) (local $c i32) (local $end i32) (local $a0 v128) (local $a1 v128)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $o) (local.get $count)))
        (local.set $x (i32.add (local.get $buf) (i32.shl (local.get $start) (i32.const 2))))
        (local.set $c (i32.add (local.get $phases)
          (i32.shl (i32.mul (local.get $p) (local.get $taps)) (i32.const 2))))
        (local.set $end (i32.add (local.get $c) (i32.shl (local.get $taps) (i32.const 2))))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (loop $inner
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load (local.get $x)) (v128.load (local.get $c)))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $c)))))
          (local.set $x (i32.add (local.get $x) (i32.const 32)))
          (local.set $c (i32.add (local.get $c) (i32.const 32)))
          (br_if $inner (i32.lt_u (local.get $c) (local.get $end))))
        (local.set $a0 (f32x4.add (local.get $a0) (local.get $a1)))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 2)))
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
            (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $p (i32.add (local.get $p) (local.get $down)))
        (local.set $start (i32.add (local.get $start) (i32.div_u (local.get $p) (local.get $up))))
        (local.set $p (i32.rem_u (local.get $p) (local.get $up)))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $outer)))))
