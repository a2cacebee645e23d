package dev.tributary.api.deploy;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's view of its deploy folder. Implemented by the host only.
 */
@ProviderType
public interface DeployMonitor {
    /** The location of a bundle installed from the folder: this prefix followed by the file name. */
    String LOCATION_PREFIX = "deploy:";

    /** The folder being watched. */
    Path directory();

    /** Files that currently fail to deploy, ordered by file name. A failure is retried when its file changes. */
    List<DeployFailure> failures();

    /** Calls {@code listener} (on the deploy thread) after every change to what is deployed or failing. */
    void addListener(Runnable listener);

    void removeListener(Runnable listener);
}
