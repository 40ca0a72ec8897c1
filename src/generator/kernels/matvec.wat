;; Matrix × vector for the pose LSTM's recurrent term (src/generator/direction-cell.ts), in WebAssembly
;; SIMD (f32x4).
;; matvec(w, x, y, rows, n): y[r] = Σ_k w[r·n + k] · x[k] for r < rows, k < n (n a multiple of 8).
;; Addresses are byte offsets into the exported memory; values are f32.
;; Fixed lane order (two f32x4 partial sums, then a fixed horizontal sum) keeps results bit-identical on
;; every machine: WebAssembly f32 arithmetic is IEEE, without fused multiply-add.
(module
  (memory (export "memory") 1)
  (func (export "matvec")
    (param $w i32) (param $x i32) (param $y i32) (param $rows i32) (param $n i32)
    (local $r i32) (local $k i32) (local $end i32) (local $a0 v128) (local $a1 v128) (local $s v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $k (local.get $x))
        (loop $inner
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load (local.get $w)) (v128.load (local.get $k)))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load offset=16 (local.get $w)) (v128.load offset=16 (local.get $k)))))
          (local.set $w (i32.add (local.get $w) (i32.const 32)))
          (local.set $k (i32.add (local.get $k) (i32.const 32)))
          (br_if $inner (i32.lt_u (local.get $k) (local.get $end))))
        (local.set $s (f32x4.add (local.get $a0) (local.get $a1)))
        (f32.store (local.get $y)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
        (local.set $y (i32.add (local.get $y) (i32.const 4)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row)))))
