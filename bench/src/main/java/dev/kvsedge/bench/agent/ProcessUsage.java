package dev.kvsedge.bench.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time and resident memory of a process and all its descendants, from Linux's /proc: what the agent costs,
 * including any process it starts (it starts none; this would show if it did).
 */
record ProcessUsage(long cpuTicks, long rssKb, int processes) {
    static final double TICKS_PER_SECOND = 100.0;

    static ProcessUsage of(long pid) {
        long ticks = 0;
        long rss = 0;
        List<Long> tree = tree(pid);
        for (long p : tree) {
            ticks += cpuTicks(p);
            rss += rssKb(p);
        }
        return new ProcessUsage(ticks, rss, tree.size());
    }

    /** Cores used between an earlier snapshot and this one, {@code seconds} apart. */
    double coresSince(ProcessUsage before, double seconds) {
        return (cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / seconds;
    }

    private static List<Long> tree(long pid) {
        List<Long> all = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
        return all;
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        } catch (IOException | RuntimeException e) {
            return 0; // ended meanwhile
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // ended meanwhile
        }
        return 0;
    }
}
