;; The diagonal-Gaussian E-step's inner loop (issue 22, item 5), with f64x2 SIMD:
;;   out[i·K + c] = norm[c] − Σ_j (x[i·d + j] − μ[c·d + j])² · half[c·d + j]
;; for rows i < rows and components c < K, where half = 1 / (2σ²) and norm[c] = log π_c −
;; Σ_j log(2πσ²_cj) / 2. Addresses are byte offsets into the imported memory; every array is
;; f64, row-major. Four columns per step in two accumulators (two f64x2 each; the adds of one do
;; not wait for the other's), then a pair, then a last odd column in scalar arithmetic.
;;
;; bench/wasm/assemble.ts turns this file (flat instructions, the subset it knows) into the
;; bytes in bench/wasm/log-joint-module.ts: `npx tsx bench/wasm/assemble.ts`.
(module
  (import "env" "memory" (memory 1))
  (func $logJoint (export "logJoint")
    (param $x i32) (param $rows i32) (param $d i32) (param $K i32)
    (param $mu i32) (param $half i32) (param $norm i32) (param $out i32)
    (local $i i32) (local $c i32) (local $jb i32) (local $xr i32) (local $mc i32)
    (local $dBytes i32) (local $m i32) (local $h i32)
    (local $acc0 v128) (local $acc1 v128) (local $e v128) (local $q f64) (local $t f64)
    local.get $d
    i32.const 3
    i32.shl
    local.set $dBytes
    local.get $x
    local.set $xr
    block $rowsDone
      loop $rows
        local.get $i
        local.get $rows
        i32.ge_u
        br_if $rowsDone
        i32.const 0
        local.set $c
        i32.const 0
        local.set $mc
        block $componentsDone
          loop $components
            local.get $c
            local.get $K
            i32.ge_u
            br_if $componentsDone
            v128.const i64x2 0 0
            local.tee $acc0
            local.set $acc1
            local.get $mu
            local.get $mc
            i32.add
            local.set $m
            local.get $half
            local.get $mc
            i32.add
            local.set $h
            i32.const 0
            local.set $jb
            block $quadsDone
              loop $quads
                local.get $jb
                i32.const 32
                i32.add
                local.get $dBytes
                i32.gt_u
                br_if $quadsDone
                ;; columns j, j + 1 into acc0
                local.get $xr
                local.get $jb
                i32.add
                v128.load offset=0
                local.get $m
                local.get $jb
                i32.add
                v128.load offset=0
                f64x2.sub
                local.tee $e
                local.get $e
                f64x2.mul
                local.get $h
                local.get $jb
                i32.add
                v128.load offset=0
                f64x2.mul
                local.get $acc0
                f64x2.add
                local.set $acc0
                ;; columns j + 2, j + 3 into acc1
                local.get $xr
                local.get $jb
                i32.add
                v128.load offset=16
                local.get $m
                local.get $jb
                i32.add
                v128.load offset=16
                f64x2.sub
                local.tee $e
                local.get $e
                f64x2.mul
                local.get $h
                local.get $jb
                i32.add
                v128.load offset=16
                f64x2.mul
                local.get $acc1
                f64x2.add
                local.set $acc1
                local.get $jb
                i32.const 32
                i32.add
                local.set $jb
                br $quads
              end
            end
            ;; a last pair of columns
            local.get $jb
            i32.const 16
            i32.add
            local.get $dBytes
            i32.le_u
            if
              local.get $xr
              local.get $jb
              i32.add
              v128.load offset=0
              local.get $m
              local.get $jb
              i32.add
              v128.load offset=0
              f64x2.sub
              local.tee $e
              local.get $e
              f64x2.mul
              local.get $h
              local.get $jb
              i32.add
              v128.load offset=0
              f64x2.mul
              local.get $acc0
              f64x2.add
              local.set $acc0
              local.get $jb
              i32.const 16
              i32.add
              local.set $jb
            end
            local.get $acc0
            local.get $acc1
            f64x2.add
            local.tee $acc0
            f64x2.extract_lane 0
            local.get $acc0
            f64x2.extract_lane 1
            f64.add
            local.set $q
            ;; a last odd column
            local.get $jb
            local.get $dBytes
            i32.lt_u
            if
              local.get $xr
              local.get $jb
              i32.add
              f64.load offset=0
              local.get $m
              local.get $jb
              i32.add
              f64.load offset=0
              f64.sub
              local.tee $t
              local.get $t
              f64.mul
              local.get $h
              local.get $jb
              i32.add
              f64.load offset=0
              f64.mul
              local.get $q
              f64.add
              local.set $q
            end
            ;; out[i·K + c] = norm[c] − q
            local.get $out
            local.get $norm
            local.get $c
            i32.const 3
            i32.shl
            i32.add
            f64.load offset=0
            local.get $q
            f64.sub
            f64.store offset=0
            local.get $out
            i32.const 8
            i32.add
            local.set $out
            local.get $mc
            local.get $dBytes
            i32.add
            local.set $mc
            local.get $c
            i32.const 1
            i32.add
            local.set $c
            br $components
          end
        end
        local.get $xr
        local.get $dBytes
        i32.add
        local.set $xr
        local.get $i
        i32.const 1
        i32.add
        local.set $i
        br $rows
      end
    end
  )
)
