;; Not a DX plugin: it imports a function the host does not offer, so loading it must fail with a clear error.
(module
  (import "env" "system" (func $system (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "dx_alloc") (param i32) (result i32) (i32.const 4096))
  (func (export "dx_invoke") (param i32 i32 i32 i32) (result i64) (i64.const 0))
)
