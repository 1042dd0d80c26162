package dev.dx.tools.internal.fetch;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Limits of web_fetch, PID {@code dev.dx.tools.fetch} ({@code etc/dev.dx.tools.fetch.cfg}). */
@ObjectClassDefinition(name = "DX web_fetch", description = "Limits of web_fetch and the private networks it may reach")
public @interface FetchConfig {
    /** The configuration PID. */
    String PID = "dev.dx.tools.fetch";

    @AttributeDefinition(name = "Allowed networks", description = "CIDR ranges (e.g. 192.168.1.20/32 for a NAS) that "
            + "web_fetch may reach although they are private, loopback or otherwise blocked. Empty: public "
            + "addresses only")
    String[] allowedNetworks() default {};

    @AttributeDefinition(name = "Max response bytes",
            description = "Bytes of a response body read from the network; the rest is cut", min = "1024")
    int maxResponseBytes() default 2_097_152;

    @AttributeDefinition(name = "Max decoded bytes",
            description = "Bytes of a body after gzip/deflate decoding (stops compression bombs)", min = "1024")
    int maxDecodedBytes() default 8_388_608;

    @AttributeDefinition(name = "Max header bytes", description = "Size of a response's status line and headers",
            min = "1024")
    int maxHeaderBytes() default 32_768;

    @AttributeDefinition(name = "Max redirects", description = "Redirects followed; each is checked like the first URL",
            min = "0", max = "20")
    int maxRedirects() default 5;

    @AttributeDefinition(name = "Connect timeout", description = "Milliseconds to open a connection", min = "100")
    int connectTimeoutMs() default 10_000;

    @AttributeDefinition(name = "Idle timeout",
            description = "Milliseconds the site may stay silent while answering", min = "100")
    int idleTimeoutMs() default 15_000;

    @AttributeDefinition(name = "Total timeout",
            description = "Milliseconds for the whole fetch, redirects included (stops slow drip-feeding sites)",
            min = "100")
    int totalTimeoutMs() default 30_000;

    @AttributeDefinition(name = "Max characters", description = "Characters of text returned to the model",
            min = "100")
    int maxChars() default 50_000;
}
