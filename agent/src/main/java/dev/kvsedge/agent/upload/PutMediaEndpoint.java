package dev.kvsedge.agent.upload;

import dev.kvsedge.model.Arns;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.net.URI;
import java.time.Duration;

/**
 * Where and how PutMedia connections are made: the server's URL (kvs-edge serves the data plane on the same port
 * as GetDataEndpoint says), the agent's signer, and how long to wait for an acknowledgement before giving up on a
 * connection (the server sends IDLE every few seconds, so silence that long means the connection is dead).
 */
public record PutMediaEndpoint(URI server, SigV4Signer signer, String defaultRegion, Duration ackTimeout) {

    public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);

    public PutMediaEndpoint(URI server, SigV4Signer signer, String defaultRegion) {
        this(server, signer, defaultRegion, DEFAULT_ACK_TIMEOUT);
    }

    /** The region in the stream's ARN: the credential scope's region selects the stream. */
    String regionOf(String streamArn) {
        return Arns.parse(streamArn).map(Arns.ResourceArn::region).orElse(defaultRegion);
    }
}
