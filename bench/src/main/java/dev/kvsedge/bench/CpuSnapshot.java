package dev.kvsedge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time used so far by the whole machine, this process and (optionally) the server process, read from
 * Linux's /proc (clock ticks of 1/100 s). Two snapshots around the measured window tell how the cores
 * were shared: by the server, by the load generator, and by anything else running at the time.
 */
record CpuSnapshot(long machineBusyTicks, long selfTicks, long serverTicks) {
    static final double TICKS_PER_SECOND = 100.0;

    /** Taken where /proc exists; all ticks are -1 elsewhere (and -1 for the server when there is none). */
    static CpuSnapshot take(long serverPid) {
        return new CpuSnapshot(machineBusy(), processTicks("self"),
                serverPid > 0 ? processTicks(Long.toString(serverPid)) : -1);
    }

    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return total - Long.parseLong(f[4]) - Long.parseLong(f[5]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processTicks(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
