;; A plugin that hands the host pointers outside its memory: method:log (dx_log), method:kv (dx_kv_get),
;; method:http (dx_http_request) and method:output (a result pointing past the end of memory). Each must trap that
;; call, nothing else.
(module
  (import "dx" "dx_log" (func $log (param i32 i32 i32)))
  (import "dx" "dx_kv_get" (func $kv_get (param i32 i32) (result i64)))
  (import "dx" "dx_http_request" (func $http (param i32 i32) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "method:ping") ;; $ping: 11 bytes
  (data (i32.const 32) "{\"result\":\"pong\"}") ;; $pong: 17 bytes
  (data (i32.const 64) "method:log") ;; $log: 10 bytes
  (data (i32.const 80) "method:kv") ;; $kv: 9 bytes
  (data (i32.const 96) "method:output") ;; $output: 13 bytes
  (data (i32.const 112) "method:http") ;; $http: 11 bytes

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

  (func (export "dx_invoke") (param $name i32) (param $namel i32) (param $in i32) (param $inl i32) (result i64)
    (global.set $heap (i32.add (local.get $in) (local.get $inl)))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 16) (i32.const 11)) (then (return (call $const (i32.const 32) (i32.const 17)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 64) (i32.const 10)) (then (call $log (i32.const 1) (i32.const 0x7fffff00) (i32.const 4096))
                               (return (call $const (i32.const 32) (i32.const 17)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 80) (i32.const 9)) (then (return (call $kv_get (i32.const -16) (i32.const 100)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 112) (i32.const 11)) (then (return (call $http (i32.const 65530) (i32.const 100)))))
    ;; method:output and anything else: a result 100 bytes long starting 16 bytes before the end of memory
    (call $pack (i32.const 65520) (i32.const 100)))
)
