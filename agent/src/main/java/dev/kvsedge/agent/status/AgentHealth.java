package dev.kvsedge.agent.status;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /health} says of the agent: UP only when the last sync reached the server and every recorder and
 * uploader is well; CREDENTIALS_REJECTED when the server refuses the agent's key pair (nothing syncs or uploads
 * until it is replaced); DEGRADED otherwise, with the reason and which stream's job fails and why.
 *
 * @param reason a sentence for a user, when not UP
 * @param problems each recorder or uploader in USER_ERROR or SYSTEM_ERROR
 */
public record AgentHealth(Status status, String reason, List<Problem> problems) {

    public enum Status {
        UP, DEGRADED, CREDENTIALS_REJECTED
    }

    /** A job that is not well: {@code job} is Recorder or Uploader, {@code status} its JobStatus kind. */
    public record Problem(String stream, String job, String status, String details) {}

    public static AgentHealth of(SyncHealth sync, List<StreamStatus> streams) {
        List<Problem> problems = new ArrayList<>();
        for (StreamStatus s : streams) {
            add(problems, s.streamArn(), "Recorder", s.recorder());
            add(problems, s.streamArn(), "Uploader", s.uploader());
        }
        return switch (sync.state()) {
            case CREDENTIALS_REJECTED -> new AgentHealth(Status.CREDENTIALS_REJECTED, sync.lastError(), problems);
            case STARTING ->
                new AgentHealth(Status.DEGRADED, "The agent has not been in touch with the server yet.", problems);
            case UNREACHABLE, FAILED -> new AgentHealth(Status.DEGRADED, sync.lastError(), problems);
            case OK -> problems.isEmpty()
                    ? new AgentHealth(Status.UP, null, problems)
                    : new AgentHealth(Status.DEGRADED,
                            problems.size() == 1
                                    ? "A job fails: " + describe(problems.getFirst())
                                    : problems.size() + " jobs fail; the first: " + describe(problems.getFirst()),
                            problems);
        };
    }

    private static void add(List<Problem> problems, String stream, String job, JobStatus status) {
        if (status != null && status.kind() != JobStatus.Kind.SUCCESS) {
            problems.add(new Problem(stream, job, status.kind().name(), status.details()));
        }
    }

    private static String describe(Problem p) {
        return "the " + p.job().toLowerCase(java.util.Locale.ROOT) + " of " + p.stream() + " (" + p.status() + "): "
                + p.details();
    }
}
