package dev.kvsedge.server;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.model.StartupException.Kind;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.FileBlobStore;
import dev.kvsedge.server.blob.S3BlobStore;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.http.HttpTransport;
import dev.kvsedge.server.http.Listening;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * The steps of a server's start that fail because of a setting, each turning the failure into a
 * {@link StartupException} that names the setting, its value and the root cause; the command line shows it as one
 * line, never a stack trace.
 */
final class StartupChecks {
    private StartupChecks() {}

    static void port(int port) {
        // Vert.x would take a negative port as "any free port" and refuse one above 65535 with a message about 'p'.
        if (port < 0 || port > 65535) {
            throw StartupException.configuration("--port", Integer.toString(port),
                    "not a port: use 1 to 65535 (or 0 to pick a free one)");
        }
    }

    /** The address to listen on, resolved by the system's resolver once, before anything is opened. */
    static InetAddress host(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartupException(Kind.CONFIGURATION, "--host", host, "unknown host", e);
        }
    }

    static SecretBox masterKey(ServerConfig config) {
        if (config.masterKey() != null) {
            try {
                return SecretBox.ofBase64(config.masterKey());
            } catch (IllegalArgumentException e) { // never quoted: it would show part of the key
                throw StartupException.configuration("KVS_EDGE_MASTER_KEY", "",
                        "not base64 of 32 bytes (make one with: openssl rand -base64 32)");
            }
        }
        try {
            return SecretBox.openOrCreate(config.masterKeyFile());
        } catch (IOException e) {
            throw new StartupException(Kind.CONFIGURATION, "--data-dir", config.dataDir().toString(),
                    "cannot read or make the master key " + config.masterKeyFile() + ": " + DataDirectory.reason(e), e);
        } catch (IllegalArgumentException e) {
            throw new StartupException(Kind.CONFIGURATION, "--data-dir", config.dataDir().toString(),
                    "the master key file "
                            + config.masterKeyFile() + " does not hold base64 of 32 bytes (restore it from a backup)",
                    e);
        }
    }

    static Listening listen(HttpTransport transport, String host, int port) throws Exception {
        try {
            return transport.listen(host, port);
        } catch (Exception e) {
            Throwable root = root(e);
            String message = String.valueOf(root.getMessage());
            if (message.contains("Cannot assign requested address")) {
                throw new StartupException(Kind.CONFIGURATION, "--host", host, "not an address of this machine", e);
            }
            if (message.contains("Permission denied")) {
                throw new StartupException(Kind.CONFIGURATION, "--port", Integer.toString(port),
                        "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose another with --port",
                        e);
            }
            if (root instanceof BindException || message.contains("Address already in use")) {
                throw new StartupException(Kind.UNAVAILABLE, "--port", Integer.toString(port),
                        "in use by another program; choose another with --port (0 picks a free one)", e);
            }
            throw e;
        }
    }

    /** The data dir's media folder, or the S3 bucket, checked for use at once (a bucket: one listing). */
    static BlobStore blobStore(ServerConfig config) {
        S3Config s3 = config.media().s3();
        if (s3 == null) {
            try {
                return new FileBlobStore(config.mediaDir());
            } catch (IOException e) {
                throw new StartupException(Kind.CONFIGURATION, "--data-dir", config.dataDir().toString(),
                        "cannot make the media folder: " + DataDirectory.reason(e), e);
            }
        }
        try {
            // Uploads to S3 are spooled in the data dir, so a fragment is sent whole and with its length.
            return S3BlobStore.connect(s3, config.dataDir().resolve("spool"));
        } catch (IOException e) {
            String unreachable = unreachable(e);
            if (unreachable != null) {
                throw new StartupException(Kind.UNAVAILABLE, "--media-store", s3.location().toString(),
                        "cannot reach S3 at " + s3.endpoint() + ": " + unreachable, e);
            }
            // S3 answered, and said no: a missing bucket, refused keys.
            throw new StartupException(Kind.CONFIGURATION, "--media-store", s3.location().toString(), e.getMessage(),
                    e);
        }
    }

    /** Why a connection could not be made, or null when it was made (and the failure is something else). */
    private static String unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return t.getMessage() == null ? "connection refused" : t.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
