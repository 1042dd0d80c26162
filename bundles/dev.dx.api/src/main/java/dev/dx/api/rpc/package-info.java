/**
 * The gateway method whiteboard: register an {@link dev.dx.api.rpc.RpcMethod} service annotated with
 * {@link dev.dx.api.rpc.Rpc} and the gateway serves it over JSON-RPC 2.0 for as long as the service lives.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
