package dev.dx.gateway.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the gateway configuration the one place for port and bind address: when {@code etc/dev.dx.gateway.cfg}
 * changes them, the HTTP server (Pax Web, PID {@code org.ops4j.pax.web}) is reconfigured and moves while Karaf keeps
 * running.
 */
@Component(configurationPid = GatewayConfig.PID, immediate = true)
public final class PaxWebBinding {
    static final String PAX_WEB_PID = "org.ops4j.pax.web";
    static final String PORT = "org.osgi.service.http.port";
    static final String ADDRESSES = "org.ops4j.pax.web.listening.addresses";
    private static final Logger LOG = LoggerFactory.getLogger(PaxWebBinding.class);

    @Reference
    private ConfigurationAdmin configAdmin;

    @Activate
    @Modified
    void apply(GatewayConfig config) throws IOException {
        if (config.bindAddress().isBlank()) {
            throw new IllegalArgumentException("bindAddress in etc/dev.dx.gateway.cfg must not be empty; use 127.0.0.1");
        }
        Configuration pw = configAdmin.getConfiguration(PAX_WEB_PID, null);
        Dictionary<String, Object> props = pw.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        String port = Integer.toString(config.port());
        if (Objects.equals(String.valueOf(props.get(PORT)), port)
                && Objects.equals(String.valueOf(props.get(ADDRESSES)), config.bindAddress())) {
            return;
        }
        props.put(PORT, port);
        props.put(ADDRESSES, config.bindAddress());
        pw.update(props);
        LOG.info("Gateway moving to {}:{}", config.bindAddress(), port);
    }
}
