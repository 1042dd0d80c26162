package dev.dx.tools.internal.fetch;

import static dev.dx.tools.internal.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dx.api.tool.ToolResult;
import dev.dx.tools.internal.TestConfigs;

/** https over the pinned socket: SNI carries the host name and the certificate must match it. */
class WebFetchTlsTest {
    @TempDir
    Path dir;

    @Test
    void certificatesAreCheckedForTheHostNameOnThePinnedConnection() throws Exception {
        Path ks = dir.resolve("site.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "site", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=fake.test", "-ext", "SAN=dns:fake.test", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit").inheritIO().start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool made a key pair");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("site", store.getCertificate("site"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        List<String> sni = new CopyOnWriteArrayList<>();
        try (FakeSite site = new FakeSite(server.getServerSocketFactory(), "127.0.0.7", (head, out, socket) -> {
            for (SNIServerName n : ((ExtendedSSLSession) ((SSLSocket) socket).getSession())
                    .getRequestedServerNames()) {
                sni.add(((SNIHostName) n).getAsciiName());
            }
            FakeSite.html("<h1>secure</h1>").handle(head, out, socket);
        })) {
            HttpFetcher.Resolver dns = host -> new InetAddress[] {InetAddress.getByName("127.0.0.7")};
            WebFetchTool tool = new WebFetchTool(dns, HttpFetcher.PLAIN, client.getSocketFactory());
            tool.activate(TestConfigs.of(FetchConfig.class, Map.of("allowedNetworks", new String[] {"127.0.0.7/32"})));
            try {
                ToolResult ok = call(tool, dir, "url", "https://fake.test:" + site.port() + "/");
                assertFalse(ok.error(), ok.content());
                assertTrue(ok.content().contains("# secure"), ok.content());
                assertEquals(List.of("fake.test"), sni);

                // same address, another name: the certificate does not match, so nothing is fetched
                ToolResult wrongName = call(tool, dir, "url", "https://other.test:" + site.port() + "/");
                assertTrue(wrongName.error());
                assertTrue(wrongName.content().contains("TLS with other.test failed"), wrongName.content());
                ToolResult ip = call(tool, dir, "url", "https://127.0.0.7:" + site.port() + "/");
                assertTrue(ip.error() && ip.content().contains("TLS"), ip.content());
                assertEquals(1, site.requests.size(), "only the verified connection sent a request");
            } finally {
                tool.deactivate();
            }
        }
    }
}
