/**
 * EventAdmin topics DX subsystems publish on; the gateway relays them to subscribed clients.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.event;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
