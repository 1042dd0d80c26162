package dev.dx.tools.internal.fetch;

import java.io.IOException;
import java.net.Socket;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** TLS layered on a socket already connected to a vetted address, verified for the URL's host name. */
final class PinnedTls {
    private PinnedTls() {
    }

    /**
     * The handshake sends the host name (SNI) and checks the certificate against it ({@code HTTPS} endpoint
     * identification), exactly as if the name had been resolved by the TLS library — which it never is.
     */
    static SSLSocket layer(SSLSocketFactory tls, Socket raw, FetchTarget target, int idleMs) throws IOException {
        raw.setSoTimeout(idleMs);
        SSLSocket s = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (target.literal() == null) {
            p.setServerNames(List.of(new SNIHostName(target.host())));
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }
}
