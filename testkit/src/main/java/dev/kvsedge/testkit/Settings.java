package dev.kvsedge.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What a {@link KvsEdgeBuilder} holds when a server starts: an immutable copy, so a builder can start many servers. */
record Settings(int port, Path dataDir, String database, String publicUrl, String accountId, String region,
        String accessKeyId, String secretAccessKey, Duration syncTimeout, int maxEdgeConfigurationsPerHub,
        String masterKey, String mediaStore, URI s3Endpoint, String s3Region, String s3AccessKeyId,
        String s3SecretAccessKey, Clock clock) {

    /** The runtime's option map (see the runtime's {@code KvsEdgeOptions}); only JDK types, no nulls in Map.of. */
    Map<String, Object> toOptions(Path actualDataDir) {
        Map<String, Object> options = new HashMap<>();
        options.put("port", port);
        options.put("dataDir", actualDataDir);
        options.put("database", database);
        options.put("publicUrl", publicUrl);
        options.put("accountId", accountId);
        options.put("region", region);
        options.put("accessKeyId", accessKeyId);
        options.put("secretAccessKey", secretAccessKey);
        options.put("syncTimeout", syncTimeout);
        options.put("maxEdgeConfigurationsPerHub", maxEdgeConfigurationsPerHub);
        options.put("masterKey", masterKey);
        options.put("mediaStore", mediaStore);
        options.put("s3Endpoint", s3Endpoint);
        options.put("s3Region", s3Region);
        options.put("s3AccessKeyId", s3AccessKeyId);
        options.put("s3SecretAccessKey", s3SecretAccessKey);
        options.put("clock", clock);
        options.put("signatureClock", Clock.systemUTC());
        return options;
    }

    @Override
    public String toString() {
        return "Settings[port=" + port + ", dataDir=" + dataDir + ", accountId=" + accountId + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", mediaStore=" + mediaStore + ", syncTimeout=" + syncTimeout + "]";
    }
}
