package dev.tributary.api.sync;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs connector instances. Implemented by the host's sync engine. */
@ProviderType
public interface SyncService {

    List<InstanceInfo> instances();

    Optional<InstanceInfo> instance(String instanceId);

    /**
     * Runs the instance as soon as a slot is free (coalesced with a queued or running one).
     *
     * @param full read everything again instead of what changed since the last checkpoint
     * @return false if there is no such instance
     */
    boolean sync(String instanceId, boolean full);

    /** Cancels the running sync: it stops at its next checkpoint and is recorded as cancelled. */
    boolean cancel(String instanceId);
}
