package dev.tributary.api.schedule;

import java.util.function.BooleanSupplier;
import org.osgi.annotation.versioning.ConsumerType;

/** Work the scheduler runs. */
@ConsumerType
public interface Job {
    /**
     * @param cancelled turns true when the execution is cancelled (or its job unscheduled): stop at
     *                  the next safe point and return
     */
    void run(BooleanSupplier cancelled) throws Exception;
}
