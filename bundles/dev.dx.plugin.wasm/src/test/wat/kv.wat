;; A plugin with state: method:put stores its whole input under the key "state", method:get answers
;; {"result":<what was stored>} (or null), method:delete removes it. Needs the kv permission.
(module
  (import "dx" "dx_kv_get" (func $kv_get (param i32 i32) (result i64)))
  (import "dx" "dx_kv_set" (func $kv_set (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "method:put") ;; $put: 10 bytes
  (data (i32.const 32) "method:get") ;; $get: 10 bytes
  (data (i32.const 48) "method:delete") ;; $delete: 13 bytes
  (data (i32.const 64) "state") ;; $key: 5 bytes
  (data (i32.const 80) "{\"result\":{\"stored\":true}}") ;; $stored: 26 bytes
  (data (i32.const 112) "{\"error\":{\"code\":\"UNAVAILABLE\",\"message\":\"dx_kv_set failed\"}}") ;; $failed: 61 bytes
  (data (i32.const 176) "{\"result\":null}") ;; $none: 15 bytes
  (data (i32.const 192) "{\"result\":") ;; $pre: 10 bytes
  (data (i32.const 208) "}") ;; $close: 1 bytes
  (data (i32.const 224) "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such export\"}}") ;; $nope: 57 bytes

  ;; dx_alloc: a bump allocator above the constants; dx_free releases the most recent block (the host frees in
  ;; reverse order of allocation: output, input, name), so the heap returns to its base after every call.
  (global $heap (mut i32) (i32.const 4096))
  (func $alloc (export "dx_alloc") (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $have i32)
    (local.set $p (global.get $heap))
    (local.set $end (i32.add (local.get $p) (local.get $len)))
    (local.set $have (i32.mul (memory.size) (i32.const 65536)))
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16))
                                          (i32.const 1)))
                    (i32.const -1))
          (then (unreachable)))))
    (global.set $heap (local.get $end))
    (local.get $p))
  (func $free (export "dx_free") (param $p i32) (param $len i32)
    (if (i32.eq (i32.add (local.get $p) (local.get $len)) (global.get $heap))
      (then (global.set $heap (local.get $p)))))
  ;; byte strings equal?
  (func $eq (param $a i32) (param $al i32) (param $b i32) (param $bl i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $al) (local.get $bl)) (then (return (i32.const 0))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $al)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $i)))
                    (i32.load8_u (i32.add (local.get $b) (local.get $i))))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const 1))
  ;; copies len bytes to dst, returns dst + len
  (func $emit (param $dst i32) (param $src i32) (param $len i32) (result i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $len))
    (i32.add (local.get $dst) (local.get $len)))
  ;; packs a pointer and a length into the u64 dx_invoke returns
  (func $pack (param $p i32) (param $len i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (local.get $p)) (i64.const 32)) (i64.extend_i32_u (local.get $len))))
  ;; a constant as the output: copied into a fresh block, because the host frees the output
  (func $const (param $src i32) (param $len i32) (result i64)
    (local $p i32)
    (local.set $p (call $alloc (local.get $len)))
    (drop (call $emit (local.get $p) (local.get $src) (local.get $len)))
    (call $pack (local.get $p) (local.get $len)))


  ;; output = prefix ++ bytes ++ suffix
  (func $wrap (param $pre i32) (param $prel i32) (param $src i32) (param $len i32) (param $suf i32) (param $sufl i32)
              (result i64)
    (local $p i32) (local $total i32) (local $at i32)
    (local.set $total (i32.add (i32.add (local.get $prel) (local.get $len)) (local.get $sufl)))
    (local.set $p (call $alloc (local.get $total)))
    (local.set $at (call $emit (local.get $p) (local.get $pre) (local.get $prel)))
    (local.set $at (call $emit (local.get $at) (local.get $src) (local.get $len)))
    (drop (call $emit (local.get $at) (local.get $suf) (local.get $sufl)))
    (call $pack (local.get $p) (local.get $total)))

  (func (export "dx_invoke") (param $name i32) (param $namel i32) (param $in i32) (param $inl i32) (result i64)
    (local $r i64)
    (global.set $heap (i32.add (local.get $in) (local.get $inl)))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 16) (i32.const 10))
      (then (if (i32.eqz (call $kv_set (i32.const 64) (i32.const 5) (local.get $in) (local.get $inl)))
              (then (return (call $const (i32.const 80) (i32.const 26)))))
            (return (call $const (i32.const 112) (i32.const 61)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 48) (i32.const 13))
      (then (drop (call $kv_set (i32.const 64) (i32.const 5) (i32.const 0) (i32.const -1)))
            (return (call $const (i32.const 80) (i32.const 26)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 32) (i32.const 10))
      (then (local.set $r (call $kv_get (i32.const 64) (i32.const 5)))
            (if (i64.eq (local.get $r) (i64.const -1)) (then (return (call $const (i32.const 176) (i32.const 15)))))
            (return (call $wrap (i32.const 192) (i32.const 10)
                                (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))) (i32.wrap_i64 (local.get $r))
                                (i32.const 208) (i32.const 1)))))
    (call $const (i32.const 224) (i32.const 57)))
)
