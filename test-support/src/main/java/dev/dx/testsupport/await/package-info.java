/**
 * Waiting in tests for something that happens on another thread: a condition checked until a deadline, never a
 * fixed sleep.
 */
@Export
@Version("0.1.0")
package dev.dx.testsupport.await;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
