package dev.vmbench.results;

import java.util.Map;

/**
 * Under what conditions a series was measured.
 *
 * @param environment see {@link EnvironmentCapture}; empty when not captured
 * @param loadBefore  the host's 1-minute load average when the series started
 * @param loadAfter   ... when it ended
 * @param seriesId    the id its runs carry in the results log; null when not logged
 */
public record Conditions(Map<String, Object> environment, String accel, double loadBefore, double loadAfter,
                         int hostCpus, String seriesId) {

    public static final Conditions UNKNOWN = new Conditions(Map.of(), "unknown", Double.NaN, Double.NaN, 0, null);

    public Conditions {
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(environment));
    }
}
