package dev.vmbench.hypervisor;

import java.nio.file.Path;

/**
 * Options only some hypervisors read.
 *
 * @param binary        the hypervisor program, or null to look it up (Firecracker: also VMBENCH_FIRECRACKER)
 * @param tap           a host tap device for the guest's network, or null
 * @param cpuTemplate   Firecracker CPU template (C3, T2, T2S, ...) or null for none
 * @param disableSmt    Firecracker: no simultaneous multithreading (firectl's -t)
 * @param logLevel      Firecracker log level (Error, Warning, Info, Debug, Trace, Off) or null
 * @param logFile       Firecracker's log file, or null (a file in the VM's folder when a level is given)
 * @param apiSocket     Firecracker: keep its API socket open (in the VM's folder) instead of --no-api
 */
public record Extras(Path binary, Tap tap, String cpuTemplate, boolean disableSmt, String logLevel, Path logFile,
                     boolean apiSocket, Scratch scratch) {

    public static final Extras NONE = new Extras(null, null, null, false, null, null, false);

    public Extras(Path binary, Tap tap, String cpuTemplate, boolean disableSmt, String logLevel, Path logFile,
                  boolean apiSocket) {
        this(binary, tap, cpuTemplate, disableSmt, logLevel, logFile, apiSocket, null);
    }

    public Extras withBinary(Path b) {
        return new Extras(b, tap, cpuTemplate, disableSmt, logLevel, logFile, apiSocket, scratch);
    }

    /** ... with its own log in this file (null: in the VM's folder). */
    public Extras withLogFile(Path f) {
        return new Extras(binary, tap, cpuTemplate, disableSmt, logLevel, f, apiSocket, scratch);
    }

    /** ... with a scratch disk (null: none). */
    public Extras withScratch(Scratch s) {
        return new Extras(binary, tap, cpuTemplate, disableSmt, logLevel, logFile, apiSocket, s);
    }
}
