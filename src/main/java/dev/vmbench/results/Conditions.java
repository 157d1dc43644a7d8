package dev.vmbench.results;

import java.util.Map;

/**
 * Under what conditions a series was measured.
 *
 * @param environment see {@link EnvironmentCapture}; empty when not captured
 * @param loadBefore  the host's 1-minute load average when the series started
 * @param loadAfter   ... when it ended
 * @param seriesId    the id its runs carry in the results log; null when not logged
 * @param host        where the VM ran: "local", or a host over SSH
 * @param linkRttMillis the link's round trip to that host (NaN: no link)
 */
public record Conditions(Map<String, Object> environment, String accel, double loadBefore, double loadAfter,
                         int hostCpus, String seriesId, String host, double linkRttMillis) {

    public static final Conditions UNKNOWN = new Conditions(Map.of(), "unknown", Double.NaN, Double.NaN, 0, null);

    /** On this machine: no link. */
    public Conditions(Map<String, Object> environment, String accel, double loadBefore, double loadAfter,
                      int hostCpus, String seriesId) {
        this(environment, accel, loadBefore, loadAfter, hostCpus, seriesId, "local", Double.NaN);
    }

    public Conditions {
        environment = environment == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(environment));
    }
}
