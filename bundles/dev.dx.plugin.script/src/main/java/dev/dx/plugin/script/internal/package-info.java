/**
 * The {@code script} plugin runtime: JavaScript plugins, each in its own Node.js process (Node 20 or later).
 *
 * <h2>Sandbox</h2>
 * The process is started from the verified private copy with an empty environment and Node's permission model
 * ({@code --experimental-permission} before Node 22.13, {@code --permission} after): reads only from the runner, the
 * plugin's folder and its granted {@code filesystem.read} and {@code filesystem.write} paths, writes only to its
 * granted write paths, child processes only with the {@code process} permission (which lets the plugin run programs
 * outside this sandbox: grant it as you would native code), never worker threads, native addons ({@code --no-addons})
 * or WASI; {@code process.binding} and the inspector are refused by Node itself. The V8 heap is capped with
 * {@code --max-old-space-size} (the plugin's {@code memoryMb}, at most {@code maxHeapMb}); a plugin past it dies and
 * is restarted. A call past its deadline kills the process (SIGKILL) and a fresh one is started.
 *
 * <p>Network: Node's permission model before Node 25 does not cover sockets. Before any plugin code loads, the runner
 * replaces every way to open one — {@code net.Socket#connect}, {@code net.Server#listen} and {@code #_listen2},
 * {@code net._createServerHandle}, {@code dgram} sockets and handles, all of {@code dns}, and the globals
 * {@code fetch}, {@code WebSocket} and {@code EventSource} — with functions that throw {@code ERR_ACCESS_DENIED}, and
 * syncs the ES module views of those modules. The standard streams are never turned into socket objects the plugin
 * could take apart (fd 0 and 1 are used through {@code fs}; {@code process.stdout} and {@code stderr} go to the log).
 * HTTP goes through the host instead ({@code dx.http}), with the granted host allowlist and the same address guard
 * as {@code web_fetch}. This guard lives in the same JavaScript realm as the plugin: it holds because the internal
 * bindings that could open sockets without these functions are out of reach under the permission model; a Node
 * release that exposes a new public way to open a socket would need adding here. On Node 25 and later the
 * permission model also governs the network, and since {@code --allow-net} is never passed Node denies sockets too.
 *
 * <h2>Protocol</h2>
 * Newline-delimited JSON-RPC 2.0 over the process's stdin and stdout, one message per line:
 * <ul>
 * <li>child → host, once the entry module has loaded: {@code {"method":"ready","params":{"exports":[..],"node":"v.."}}},
 * or {@code {"method":"failed","params":{"message":".."}}} and exit;</li>
 * <li>host → child: {@code {"id":7,"method":"invoke","params":{"export":"tool:echo","input":{..},"timeoutMs":..}}};
 * the child answers {@code {"id":7,"result":{..}}} or
 * {@code {"id":7,"error":{"code":-32000,"message":"..","data":{"kind":"TRAP|DENIED|INVALID"}}}};</li>
 * <li>child → host while a call is in progress: requests {@code {"id":"h3","method":"dx.kv.get","params":{"key":".."}}},
 * {@code dx.kv.set {key, value}}, {@code dx.http {method, url, headers, body, timeoutMs, maxBytes}}; the host answers
 * on stdin with the same id; a refusal is an error whose {@code data.kind} is {@code DENIED};</li>
 * <li>child → host at any time: {@code {"method":"dx.log","params":{"level":"info","message":".."}}}.</li>
 * </ul>
 * Anything else the process prints (Node's own fatal errors) is logged as a warning. Calls of one plugin run one at
 * a time. Closing stdin ends the runner; the host kills the process if it has not exited within {@code stopGraceMs}.
 */
package dev.dx.plugin.script.internal;
