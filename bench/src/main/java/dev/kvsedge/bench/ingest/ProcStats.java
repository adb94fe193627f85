package dev.kvsedge.bench.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU ticks (1/100 s) of the machine (busy, iowait apart), of this process and of a server process, and the
 * machine's iowait ticks, from Linux's /proc; -1 where unavailable. Two snapshots around a window say how the
 * two cores were shared.
 */
record ProcStats(long machineBusy, long iowait, long self, long server, long sectorsWritten) {
    static final double TICKS_PER_SECOND = 100.0;

    static ProcStats take(long serverPid) {
        long busy = -1;
        long iowait = -1;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            iowait = Long.parseLong(f[5]);
            busy = total - Long.parseLong(f[4]) - iowait;
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new ProcStats(busy, iowait, process("self"), serverPid > 0 ? process(Long.toString(serverPid)) : -1,
                diskSectorsWritten());
    }

    /** Cores used between two snapshots taken {@code seconds} apart, or NaN. */
    static double cores(long before, long after, double seconds) {
        return before < 0 || after < 0 ? Double.NaN : (after - before) / TICKS_PER_SECOND / seconds;
    }

    private static long process(String pid) {
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** 512-byte sectors written to all whole disks (vd*, sd*, nvme*n*), from /proc/diskstats. */
    private static long diskSectorsWritten() {
        try {
            long sum = 0;
            for (String line : Files.readAllLines(Path.of("/proc/diskstats"))) {
                String[] f = line.trim().split("\\s+");
                String name = f[2];
                if (name.matches("(vd|sd|xvd)[a-z]+|nvme\\d+n\\d+")) {
                    sum += Long.parseLong(f[9]);
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
