/**
 * Plugins: the contract between the plugin host ({@code dev.dx.plugin}) and the runtimes that execute plugin code
 * ({@code wasm}, {@code native}, {@code script}).
 *
 * <p>The host owns everything that is about trust: it unpacks a package into a private folder, verifies its
 * signature, checks that the permissions the manifest requests were granted, and only then hands the verified folder
 * to the {@link dev.dx.api.plugin.PluginRuntime} registered for the manifest's type. A runtime owns execution: it
 * loads the entry file, enforces its sandbox (memory, deadline, stack, filesystem, processes), and calls back into the
 * host through {@link dev.dx.api.plugin.PluginHost} for logging, key-value storage and HTTP, which the host gates by
 * the granted permissions again. Everything crossing the boundary is JSON text, so a runtime needs no JSON library.
 *
 * <p>Exports are named by kind: {@code tool:<name>}, {@code method:<name>}, {@code hook:<point>}. Inputs and outputs:
 * <ul>
 * <li>tool: in {@code {"arguments":{..},"context":{"callId","agentId","sessionKey","runId"}}}, out
 * {@code {"content":"..","error":false,"details":{..}}};</li>
 * <li>method: in {@code {"params":{..},"caller":{"scopes":[..],"transport":".."}}}, out {@code {"result":..}} or
 * {@code {"error":{"code":"INVALID_PARAMS","message":".."}}};</li>
 * <li>hook: in {@code {"point":"tool.before","event":{..}}}, out {@code {"veto":false}} or
 * {@code {"veto":true,"reason":".."}}.</li>
 * </ul>
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
