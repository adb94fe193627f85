package dev.kvsedge.agent.status;

/** A stream's recorder and uploader status at one moment, as ReportEdgeAgentStatus sends them. */
public record StreamStatus(String streamArn, JobStatus recorder, JobStatus uploader) {}
