package dev.tributary.itest;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Gives a jqwik property the same seed on every run (CI generates the same samples each time), unless
 * {@code -Dtributary.seed=<seed>} asks for others ({@code -Dtributary.tries=<n>}: more or fewer of
 * them); a failure names the seed that replays it. Use with {@code @AddLifecycleHook(FixedSeed.class)}
 * on the class or the property.
 */
public final class FixedSeed implements AroundPropertyHook {

    static final String SEED = "tributary.seed";
    static final String TRIES = "tributary.tries";
    static final String DEFAULT = "4242424242";

    /** On a class: for each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String seed = System.getProperty(SEED, DEFAULT);
        context.attributes().setSeed(seed);
        Integer tries = Integer.getInteger(TRIES);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        PropertyExecutionResult result = property.execute();
        if (result.status() == PropertyExecutionResult.Status.FAILED) {
            System.out.println(context.label() + " failed with seed " + seed + ": replay it with -D" + SEED + "=" + seed
                    + "; the failing sample: " + result.falsifiedParameters().orElse(null));
        }
        return result;
    }
}
