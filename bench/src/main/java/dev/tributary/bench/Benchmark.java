package dev.tributary.bench;

/** One benchmark of {@code bench/run}: it measures, and puts its method, figures and notes into its section. */
interface Benchmark {

    void run(Results.Section out) throws Exception;
}
