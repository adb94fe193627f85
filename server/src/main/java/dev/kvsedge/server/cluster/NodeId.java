package dev.kvsedge.server.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which node of the cluster this process is: the host's name and a random part new at each start, so two processes on
 * one host, or one restarted, are told apart. Notices carry it (a node skips its own), uploads record it.
 */
public record NodeId(String value) {
    public NodeId {
        if (value.isEmpty() || value.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a node id is one word");
        }
    }

    public static NodeId random() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
        if (host.isEmpty()) {
            host = "node";
        }
        return new NodeId(host + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
    }

    @Override
    public String toString() {
        return value;
    }
}
