/**
 * The {@code native} plugin runtime: shared libraries loaded through JNA.
 *
 * <h2>Trust</h2>
 * A native plugin runs inside the gateway's process with the gateway's privileges: it can read and write every file
 * the gateway can, open sockets, start processes and read the gateway's memory, keys included. Nothing in this
 * runtime can confine it. The Ed25519 signature the host verifies is therefore the whole trust decision: install
 * only native plugins signed by a key you trust as much as DX itself. The host still checks that every permission
 * the manifest requests was granted, so the owner has said yes to what the author declared — but the runtime cannot
 * enforce the declaration. The library is opened only from the verified private copy the host hands over
 * ({@link dev.dx.api.plugin.PluginContext#folder()}), never from the file that was dropped into deploy/.
 *
 * <h2>C ABI 1</h2>
 * <pre>
 * const char *dx_plugin_info(void);
 *     static JSON the library owns, at least {"abi":1}; read once at load
 * int dx_plugin_invoke(const char *name, const char *input, char **out);
 *     name: "tool:&lt;n&gt;", "method:&lt;n&gt;" or "hook:&lt;point&gt;"; input: NUL-terminated UTF-8 JSON;
 *     on success return 0 and set *out to NUL-terminated UTF-8 JSON; on failure return non-zero and set *out to a
 *     message or NULL; the call may come from any thread, and from several threads at once
 * void dx_plugin_free(char *out);
 *     frees what dx_plugin_invoke put in *out
 * </pre>
 * The library is opened with {@code RTLD_NOW | RTLD_LOCAL}. ABI 1 has no host callbacks: no key-value store (a
 * manifest requesting {@code kv} is refused) and no host logging.
 *
 * <h2>Deadlines</h2>
 * Calls run on a bounded pool shared by all native plugins ({@code maxConcurrentCalls}). A thread executing native
 * code cannot be interrupted or killed from Java, so when a call misses its deadline the caller gets
 * {@code TIMEOUT} at the deadline, the plugin is marked unhealthy and unloaded (no further calls; the host stops it
 * and unregisters its services), and the stuck thread is left to finish. The library is closed only after the last
 * thread inside it returns. At most {@code maxStuckCalls} such threads may exist; beyond that every native call is
 * refused until some return, so a misbehaving library cannot exhaust the gateway's threads. A library that never
 * returns keeps its thread until the gateway restarts.
 */
package dev.dx.plugin.nativelib.internal;
