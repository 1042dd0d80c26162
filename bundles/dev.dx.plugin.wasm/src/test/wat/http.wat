;; A plugin that makes HTTP requests: method:fetch passes its params object as the request to dx_http_request and
;; answers {"result":<the response>}. Needs the network permission for the host it asks for.
(module
  (import "dx" "dx_http_request" (func $http (param i32 i32) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "method:fetch") ;; $fetch: 12 bytes
  (data (i32.const 32) "\"params\":") ;; $params: 9 bytes
  (data (i32.const 48) "{\"result\":") ;; $pre: 10 bytes
  (data (i32.const 64) "}") ;; $close: 1 bytes
  (data (i32.const 80) "{\"error\":{\"code\":\"INVALID_PARAMS\",\"message\":\"give the request as params\"}}") ;; $nope: 74 bytes

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

  (func $find (param $hay i32) (param $hayl i32) (param $nd i32) (param $ndl i32) (result i32)
    (local $i i32) (local $last i32)
    (local.set $last (i32.sub (local.get $hayl) (local.get $ndl)))
    (block $none
      (loop $next
        (br_if $none (i32.gt_s (local.get $i) (local.get $last)))
        (if (call $eq (i32.add (local.get $hay) (local.get $i)) (local.get $ndl) (local.get $nd) (local.get $ndl))
          (then (return (i32.add (local.get $i) (local.get $ndl)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.const -1))
  ;; length of the JSON object starting at p (strings and escapes skipped), or -1 if it does not end before end
  (func $object (param $p i32) (param $end i32) (result i32)
    (local $i i32) (local $depth i32) (local $c i32) (local $str i32)
    (local.set $i (local.get $p))
    (block $bad
      (loop $next
        (br_if $bad (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (if (local.get $str)
          (then
            (if (i32.eq (local.get $c) (i32.const 92)) (then (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $next)))
            (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $str (i32.const 0))))
            (br $next)))
        (if (i32.eq (local.get $c) (i32.const 34)) (then (local.set $str (i32.const 1)) (br $next)))
        (if (i32.eq (local.get $c) (i32.const 123)) (then (local.set $depth (i32.add (local.get $depth) (i32.const 1))) (br $next)))
        (if (i32.eq (local.get $c) (i32.const 125))
          (then (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                (if (i32.eqz (local.get $depth)) (then (return (i32.sub (local.get $i) (local.get $p)))))))
        (br $next)))
    (i32.const -1))
  (func (export "dx_invoke") (param $name i32) (param $namel i32) (param $in i32) (param $inl i32) (result i64)
    (local $at i32) (local $len i32) (local $r i64)
    (global.set $heap (i32.add (local.get $in) (local.get $inl)))
    (local.set $at (call $find (local.get $in) (local.get $inl) (i32.const 32) (i32.const 9)))
    (if (i32.lt_s (local.get $at) (i32.const 0)) (then (return (call $const (i32.const 80) (i32.const 74)))))
    (local.set $at (i32.add (local.get $in) (local.get $at)))
    (local.set $len (call $object (local.get $at) (i32.add (local.get $in) (local.get $inl))))
    (if (i32.lt_s (local.get $len) (i32.const 0)) (then (return (call $const (i32.const 80) (i32.const 74)))))
    (local.set $r (call $http (local.get $at) (local.get $len)))
    (call $wrap (i32.const 48) (i32.const 10)
                (i32.wrap_i64 (i64.shr_u (local.get $r) (i64.const 32))) (i32.wrap_i64 (local.get $r))
                (i32.const 64) (i32.const 1)))
)
