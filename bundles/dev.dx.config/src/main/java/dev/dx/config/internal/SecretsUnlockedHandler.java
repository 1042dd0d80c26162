package dev.dx.config.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.dx.api.event.Topics;

/** When the secret store is unlocked, configurations that refer to secrets are delivered again, now resolved. */
@Component(property = EventConstants.EVENT_TOPIC + "=" + Topics.SECRETS_UNLOCKED)
public final class SecretsUnlockedHandler implements EventHandler {
    @Reference
    private ConfigManager manager;

    @Override
    public void handleEvent(Event event) {
        manager.redeliverSecretReferences();
    }
}
