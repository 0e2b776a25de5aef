package dev.parley.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The request meters of one side ({@code parley.server} or {@code parley.client}): a counter per verb and outcome
 * ({@code <prefix>.requests}) and a timer per verb ({@code <prefix>.request.duration}). Meters are created once per
 * tag combination and cached, so recording a known combination allocates nothing.
 */
final class RequestMeters {

    static final String OK = "ok";

    private final MeterRegistry registry;
    private final String prefix;
    private final Tags tags;
    private final double[] percentiles;
    private final boolean histogram;
    private final ConcurrentHashMap<String, Verb> verbs = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry, String prefix, Tags tags, double[] percentiles, boolean histogram) {
        this.registry = registry;
        this.prefix = prefix;
        this.tags = tags;
        this.percentiles = percentiles;
        this.histogram = histogram;
    }

    /**
     * Counts one request and records its time.
     *
     * @param verb the verb's tag value, already bounded
     * @param outcome {@link #OK}, or an error code as spelled on the wire (upper case), or any bounded word
     * @param nanos how long it took
     */
    void record(String verb, String outcome, long nanos) {
        Verb v = verbs.get(verb);
        if (v == null) {
            v = verbs.computeIfAbsent(verb, this::newVerb);
        }
        v.timer.record(nanos, TimeUnit.NANOSECONDS);
        v.counter(outcome).increment();
    }

    private Verb newVerb(String verb) {
        Timer timer = Timer.builder(prefix + ".request.duration")
                .description("time to answer a request, by verb")
                .tags(tags).tag("verb", verb)
                .publishPercentiles(percentiles)
                .publishPercentileHistogram(histogram)
                .minimumExpectedValue(ParleyMetrics.MIN_EXPECTED)
                .maximumExpectedValue(ParleyMetrics.MAX_EXPECTED)
                .register(registry);
        return new Verb(verb, timer);
    }

    /** The meters of one verb. */
    private final class Verb {
        final String verb;
        final Timer timer;
        final ConcurrentHashMap<String, Counter> outcomes = new ConcurrentHashMap<>();

        Verb(String verb, Timer timer) {
            this.verb = verb;
            this.timer = timer;
        }

        Counter counter(String outcome) {
            Counter c = outcomes.get(outcome);
            if (c != null) {
                return c;
            }
            synchronized (this) {
                String key = outcomes.size() >= ParleyMetrics.MAX_OUTCOMES && !outcomes.containsKey(outcome)
                        ? ParleyMetrics.OTHER : outcome;
                c = outcomes.get(key);
                if (c == null) {
                    c = Counter.builder(prefix + ".requests")
                            .description("requests answered, by verb and outcome (ok or the error code)")
                            .tags(tags).tag("verb", verb).tag("outcome", key.toLowerCase(Locale.ROOT))
                            .register(registry);
                    outcomes.put(key, c);
                }
                return c;
            }
        }
    }
}
