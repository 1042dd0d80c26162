;; The echo plugin: the test plugin for tools, methods and hooks (see the ABI in the README and package-info).
;; tool:echo            -> {"content":"echo ver=1","details":<input>}
;; tool:add             -> {"content":"<a+b>"} for arguments {"a":<int>,"b":<int>}
;; method:echo          -> {"result":<input>}
;; method:log           -> logs its input at info through dx_log, {"result":"logged"}
;; method:version       -> {"result":"echo ver=1"} (tests patch "ver=1" in the binary to tell versions apart)
;; hook:tool.before     -> vetoes a call of the tool named "forbidden", allows everything else
;; hook:message.inbound -> allows (the trivial hook of the benchmark)
(module
  (import "dx" "dx_log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "tool:echo") ;; $n_tool_echo: 9 bytes
  (data (i32.const 32) "tool:add") ;; $n_tool_add: 8 bytes
  (data (i32.const 48) "method:echo") ;; $n_method_echo: 11 bytes
  (data (i32.const 64) "method:log") ;; $n_method_log: 10 bytes
  (data (i32.const 80) "hook:tool.before") ;; $n_hook_tool: 16 bytes
  (data (i32.const 96) "hook:message.inbound") ;; $n_hook_in: 20 bytes
  (data (i32.const 128) "method:version") ;; $n_method_version: 14 bytes
  (data (i32.const 144) "{\"result\":\"echo ver=1\"}") ;; $version: 23 bytes
  (data (i32.const 176) "{\"result\":") ;; $result_pre: 10 bytes
  (data (i32.const 192) "}") ;; $close: 1 bytes
  (data (i32.const 208) "{\"content\":\"echo ver=1\",\"details\":") ;; $echo_pre: 34 bytes
  (data (i32.const 256) "{\"veto\":false}") ;; $allow: 14 bytes
  (data (i32.const 272) "{\"veto\":true,\"reason\":\"vetoed by the echo plugin: that tool is forbidden\"}") ;; $veto: 74 bytes
  (data (i32.const 352) "\"tool\":\"forbidden\"") ;; $forbidden: 18 bytes
  (data (i32.const 384) "\"a\":") ;; $key_a: 4 bytes
  (data (i32.const 400) "\"b\":") ;; $key_b: 4 bytes
  (data (i32.const 416) "{\"content\":\"") ;; $content_pre: 12 bytes
  (data (i32.const 432) "\"}") ;; $content_suf: 2 bytes
  (data (i32.const 448) "{\"result\":\"logged\"}") ;; $logged: 19 bytes
  (data (i32.const 480) "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"the echo plugin has no such export\"}}") ;; $nope: 77 bytes

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

  ;; index just after the first occurrence of needle in hay, or -1
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
  ;; parses an optionally negative decimal integer at p (spaces before it skipped)
  (func $atoi (param $p i32) (result i64)
    (local $v i64) (local $neg i32) (local $c i32)
    (block $start
      (loop $skip
        (br_if $start (i32.ne (i32.load8_u (local.get $p)) (i32.const 32)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $skip)))
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 45))
      (then (local.set $neg (i32.const 1)) (local.set $p (i32.add (local.get $p) (i32.const 1)))))
    (block $end
      (loop $digit
        (local.set $c (i32.sub (i32.load8_u (local.get $p)) (i32.const 48)))
        (br_if $end (i32.gt_u (local.get $c) (i32.const 9)))
        (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $digit)))
    (if (result i64) (local.get $neg) (then (i64.sub (i64.const 0) (local.get $v))) (else (local.get $v))))
  ;; writes v in decimal at dst (at most 20 bytes), returns the end
  (func $itoa (param $v i64) (param $dst i32) (result i32)
    (local $tmp i32) (local $n i32) (local $u i64)
    (if (i64.lt_s (local.get $v) (i64.const 0))
      (then (i32.store8 (local.get $dst) (i32.const 45))
            (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
            (local.set $u (i64.sub (i64.const 0) (local.get $v))))
      (else (local.set $u (local.get $v))))
    ;; digits backwards into a scratch area, then forwards into dst
    (local.set $tmp (i32.const 3072))
    (loop $more
      (i32.store8 (i32.add (local.get $tmp) (local.get $n))
                  (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $u) (i64.const 10)))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
      (br_if $more (i64.ne (local.get $u) (i64.const 0))))
    (loop $copy
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (i32.store8 (local.get $dst) (i32.load8_u (i32.add (local.get $tmp) (local.get $n))))
      (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
      (br_if $copy (i32.gt_s (local.get $n) (i32.const 0))))
    (local.get $dst))
  (func $add (param $in i32) (param $inl i32) (result i64)
    (local $a i32) (local $b i32) (local $digits i32) (local $end i32)
    (local.set $a (call $find (local.get $in) (local.get $inl) (i32.const 384) (i32.const 4)))
    (local.set $b (call $find (local.get $in) (local.get $inl) (i32.const 400) (i32.const 4)))
    (if (i32.or (i32.lt_s (local.get $a) (i32.const 0)) (i32.lt_s (local.get $b) (i32.const 0)))
      (then (return (call $const (i32.const 480) (i32.const 77)))))
    (local.set $digits (i32.const 3200))
    (local.set $end (call $itoa (i64.add (call $atoi (i32.add (local.get $in) (local.get $a)))
                                         (call $atoi (i32.add (local.get $in) (local.get $b))))
                                (local.get $digits)))
    (call $wrap (i32.const 416) (i32.const 12)
                (local.get $digits) (i32.sub (local.get $end) (local.get $digits))
                (i32.const 432) (i32.const 2)))
  (func (export "dx_invoke") (param $name i32) (param $namel i32) (param $in i32) (param $inl i32) (result i64)
    ;; forget whatever an earlier call left allocated: the name and the input are the two newest blocks
    (global.set $heap (i32.add (local.get $in) (local.get $inl)))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 16) (i32.const 9))
      (then (return (call $wrap (i32.const 208) (i32.const 34) (local.get $in) (local.get $inl)
                                (i32.const 192) (i32.const 1)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 32) (i32.const 8))
      (then (return (call $add (local.get $in) (local.get $inl)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 48) (i32.const 11))
      (then (return (call $wrap (i32.const 176) (i32.const 10) (local.get $in) (local.get $inl)
                                (i32.const 192) (i32.const 1)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 64) (i32.const 10))
      (then (call $log (i32.const 1) (local.get $in) (local.get $inl))
            (return (call $const (i32.const 448) (i32.const 19)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 128) (i32.const 14))
      (then (return (call $const (i32.const 144) (i32.const 23)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 96) (i32.const 20))
      (then (return (call $const (i32.const 256) (i32.const 14)))))
    (if (call $eq (local.get $name) (local.get $namel) (i32.const 80) (i32.const 16))
      (then (if (i32.ge_s (call $find (local.get $in) (local.get $inl) (i32.const 352)
                                      (i32.const 18))
                          (i32.const 0))
              (then (return (call $const (i32.const 272) (i32.const 74)))))
            (return (call $const (i32.const 256) (i32.const 14)))))
    (call $const (i32.const 480) (i32.const 77)))
)
