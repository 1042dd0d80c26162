package dev.dx.plugin.internal;

import java.io.File;

import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Hot deploy: FileInstall hands every {@code .dxp} that appears in, changes in or disappears from the deploy folder
 * to this installer. A refused package never throws (FileInstall would only log it): the refusal is in the plugin's
 * status, and the next change of the file is tried again.
 */
@Component(service = ArtifactInstaller.class)
public final class DxpInstaller implements ArtifactInstaller {
    /** The package file suffix. */
    static final String SUFFIX = ".dxp";

    @Reference
    private PluginManager manager;

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(SUFFIX) && !artifact.getName().startsWith(".");
    }

    @Override
    public void install(File artifact) {
        manager.operations().deployed(artifact.toPath().toAbsolutePath());
    }

    @Override
    public void update(File artifact) {
        manager.operations().deployed(artifact.toPath().toAbsolutePath());
    }

    @Override
    public void uninstall(File artifact) {
        manager.operations().undeployed(artifact.toPath().toAbsolutePath());
    }
}
