package dev.dx.config.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.dx.api.event.Topics;

/**
 * When the secret store is unlocked or a secret changes, configurations that refer to secrets are delivered again,
 * resolved with the current values.
 */
@Component(property = {EventConstants.EVENT_TOPIC + "=" + Topics.SECRETS_UNLOCKED,
    EventConstants.EVENT_TOPIC + "=" + Topics.SECRETS_CHANGED})
public final class SecretsUnlockedHandler implements EventHandler {
    @Reference
    private ConfigManager manager;

    @Override
    public void handleEvent(Event event) {
        manager.redeliverSecretReferences();
    }
}
