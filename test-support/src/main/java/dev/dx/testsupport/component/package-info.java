/**
 * Unit-test helpers for DS components: configuration annotation instances and reference injection, as SCR does it.
 */
@Export
@Version("0.1.0")
package dev.dx.testsupport.component;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
