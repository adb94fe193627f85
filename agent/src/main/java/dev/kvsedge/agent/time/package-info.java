/**
 * Time for the agent's durations and deadlines: a monotonic {@link dev.kvsedge.agent.time.Ticker} beside the
 * wall clock, and one {@link dev.kvsedge.agent.time.Backoff}. The wall clock ({@code java.time.Clock}) says what
 * time it is (schedules, retention, recording times); the ticker says how long something took or how long to wait
 * (retries, sweeps, file pacing), so that a wall clock step neither stalls nor rushes them.
 */
package dev.kvsedge.agent.time;
