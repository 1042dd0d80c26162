/**
 * The {@code wasm} plugin runtime on Chicory.
 *
 * <h2>ABI</h2>
 * Everything crossing the boundary is UTF-8 JSON (or raw bytes for key-value values) in the plugin's linear memory;
 * a block is addressed by a pointer and a length, and a function returning a block packs both in an {@code i64}:
 * {@code ptr << 32 | len}.
 *
 * <p>The plugin exports:
 * <ul>
 * <li>{@code memory} — its only memory (not shared, not imported);</li>
 * <li>{@code dx_alloc(len i32) -> i32} — a block of {@code len} bytes; the host writes the export name and the input
 * into blocks from here, and so do the host functions that return data;</li>
 * <li>{@code dx_free(ptr i32, len i32)} — optional; after each call the host frees the output, then the input, then
 * the name (newest first, so a bump allocator gets its memory back);</li>
 * <li>{@code dx_invoke(name_ptr i32, name_len i32, in_ptr i32, in_len i32) -> i64} — runs one export
 * ({@code tool:<name>}, {@code method:<name>}, {@code hook:<point>}) and returns its output block.</li>
 * </ul>
 *
 * <p>The host offers, in import module {@code dx}:
 * <ul>
 * <li>{@code dx_log(level i32, ptr i32, len i32)} — 0 debug, 1 info, 2 warn, 3 error; cut at 4 KiB;</li>
 * <li>{@code dx_http_request(req_ptr i32, req_len i32) -> i64} — a JSON request
 * {@code {method, url, headers, body | bodyBase64, timeoutMs, maxBytes}}; the JSON response
 * {@code {status, headers, body, truncated, url}} or {@code {error: {code, message}}} comes back in a block from
 * {@code dx_alloc}; needs the network permission for the URL's host;</li>
 * <li>{@code dx_kv_get(key_ptr i32, key_len i32) -> i64} — the value in a block from {@code dx_alloc}, or {@code -1}
 * when the key has none; needs the kv permission;</li>
 * <li>{@code dx_kv_set(key_ptr i32, key_len i32, val_ptr i32, val_len i32) -> i32} — {@code 0} stored, {@code -1}
 * refused (too large, storage failing); {@code val_len = -1} deletes the key; needs the kv permission.</li>
 * </ul>
 * A pointer or length outside the plugin's memory, or a host function used without its permission, traps the call.
 *
 * <h2>Limits</h2>
 * <ul>
 * <li>memory: the module's maximum is lowered to the plugin's cap ({@code memoryMb}, at most
 * {@code maxMemoryPages}); {@code memory.grow} past it returns {@code -1}; a module starting above it is refused;</li>
 * <li>time: a call runs on the plugin's {@link dev.dx.plugin.wasm.internal.Worker} thread; at the deadline the caller
 * interrupts it. Chicory checks {@code Thread.isInterrupted()} on every call and backward branch — the interpreter in
 * {@code InterpreterMachine.checkInterruption}, compiled code through the same check emitted at loop back edges and
 * calls — and throws {@code ChicoryInterruptedException}, which ends the call as {@code TIMEOUT}. A thread that does
 * not stop within the grace period is abandoned with its instance;</li>
 * <li>stack: the worker thread is created with a fixed stack size; unbounded recursion ends in Chicory's
 * "call stack exhausted" on that thread, a {@code TRAP} for that call;</li>
 * <li>after any abnormal end (trap, timeout, denial) the instance is dropped and the next call instantiates afresh.</li>
 * </ul>
 */
package dev.dx.plugin.wasm.internal;
