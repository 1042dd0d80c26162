/**
 * A fake LLM API server for tests: {@link dev.dx.testsupport.fakemodel.FakeModelServer} speaks the Anthropic
 * Messages, OpenAI Chat Completions and OpenAI Responses streaming protocols on 127.0.0.1, answers with scripted
 * {@link dev.dx.testsupport.fakemodel.Reply replies} and records every request.
 *
 * @since 0.1
 */
@Export
@Version("0.1.0")
package dev.dx.testsupport.fakemodel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
