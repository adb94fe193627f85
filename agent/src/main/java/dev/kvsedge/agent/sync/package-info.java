/**
 * The agent's sync with the server and its reconciler.
 *
 * <p>{@link dev.kvsedge.agent.sync.SyncLoop} long-polls WaitForEdgeAgentChanges, lists the hub's configurations and
 * hands them to {@link dev.kvsedge.agent.sync.Reconciler}, which acknowledges (RECEIVED, then APPLIED or FAILED with
 * the reason; deletions RECEIVED then DELETED or FAILED), resolves camera secrets, and keeps what it holds in
 * {@code configs.json}. What to say is derived each round from the server's SyncStatus and what the agent holds,
 * so an acknowledgement lost with a connection is simply said again. Failures are retried with backoff; the jobs
 * run from the held configurations meanwhile, also after a restart with the server down.
 *
 * <p>{@link dev.kvsedge.agent.sync.Jobs} converges each stream's running jobs on its
 * {@link dev.kvsedge.agent.sync.StreamPlan}: every tick it starts or stops the recorder and the uploader as their
 * Quartz schedules say at the injected clock's time, and runs the janitor. The recorder is reached through
 * {@link dev.kvsedge.agent.sync.RecorderLauncher}; {@link dev.kvsedge.agent.sync.FfmpegRecorderLauncher} starts the
 * recorder package's FFmpeg recordings.
 */
package dev.kvsedge.agent.sync;
