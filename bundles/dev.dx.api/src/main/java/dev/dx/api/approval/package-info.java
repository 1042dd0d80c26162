/**
 * Exec approvals: whether a command may run, decided by rules or by a human, bound to exactly what will run.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.api.approval;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
