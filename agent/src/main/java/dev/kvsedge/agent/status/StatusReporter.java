package dev.kvsedge.agent.status;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each running stream's recorder and uploader status to the server (ReportEdgeAgentStatus), so
 * DescribeEdgeConfiguration shows it: at once when a status changes, and every {@code interval} checks anyway.
 * A report that fails is tried again on the next check; reporting never stops a job.
 */
public final class StatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    /** Where reports go: the agent client's ReportEdgeAgentStatus. */
    @FunctionalInterface
    public interface Sink {
        void report(String streamArn, JobStatus recorder, JobStatus uploader) throws Exception;
    }

    private final Supplier<List<StreamStatus>> source;
    private final Sink sink;
    private final int everyChecks;
    private final Map<String, String> lastSent = new HashMap<>();
    private int checks;

    /** @param everyChecks how many {@link #check} calls pass between reports of unchanged statuses */
    public StatusReporter(Supplier<List<StreamStatus>> source, Sink sink, int everyChecks) {
        this.source = source;
        this.sink = sink;
        this.everyChecks = Math.max(1, everyChecks);
    }

    /** Reports what changed since the last report, or everything when the interval is up. Returns how many it sent. */
    public synchronized int check() throws InterruptedException {
        boolean all = checks++ % everyChecks == 0;
        int sent = 0;
        List<StreamStatus> statuses = source.get();
        lastSent.keySet().retainAll(statuses.stream().map(StreamStatus::streamArn).toList());
        for (StreamStatus s : statuses) {
            String key = key(s);
            if (!all && key.equals(lastSent.get(s.streamArn()))) {
                continue;
            }
            try {
                sink.report(s.streamArn(), s.recorder(), s.uploader());
                lastSent.put(s.streamArn(), key);
                sent++;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                LOG.debug("could not report the status of {}: {}", s.streamArn(), e.toString());
                lastSent.remove(s.streamArn());
            }
        }
        return sent;
    }

    /** What a report says, without the time it was collected: a new time alone is no change. */
    private static String key(StreamStatus s) {
        return s.recorder().kind() + "|" + s.recorder().details() + "|" + s.uploader().kind() + "|"
                + s.uploader().details();
    }
}
