package dev.kvsedge.bench;

import java.net.URI;
import java.time.Duration;

/** Command-line settings of one load-generator run. */
record BenchOptions(
        URI endpoint,
        String label,
        String streamName,
        int connections,
        int pipelineDepth,
        int threads,
        Duration warmup,
        Duration duration,
        String region,
        String accessKeyId,
        String secretAccessKey,
        int signedPoolSize,
        boolean createStream,
        long serverPid) {

    static final String USAGE = """
            usage: LoadGenerator --endpoint http://127.0.0.1:PORT [options]
              --label NAME          name printed in the RESULT line (default: the endpoint)
              --stream NAME         stream to describe, created when absent (default: bench)
              --connections N       keep-alive connections (default: 16)
              --pipeline N          requests in flight per connection; 1 = closed loop (default: 1)
              --threads N           selector threads sharing the connections (default: 1)
              --warmup SECONDS      load before measuring (default: 10)
              --duration SECONDS    measured load (default: 20)
              --region R            SigV4 region (default: us-east-1)
              --access-key ID       (default: test)
              --secret-key SECRET   (default: test)
              --signed-pool N       distinct pre-signed requests replayed round-robin (default: 64)
              --no-create           do not create the stream when it is absent
              --server-pid PID      also report the CPU the server process used in the measured window
            """;

    static BenchOptions parse(String[] args) {
        URI endpoint = null;
        String label = null;
        String stream = "bench";
        int connections = 16;
        int pipeline = 1;
        int threads = 1;
        double warmup = 10;
        double duration = 20;
        String region = "us-east-1";
        String accessKey = "test";
        String secretKey = "test";
        int pool = 64;
        boolean create = true;
        long serverPid = -1;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--no-create")) {
                create = false;
                continue;
            }
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--endpoint" -> endpoint = URI.create(value);
                case "--label" -> label = value;
                case "--stream" -> stream = value;
                case "--connections" -> connections = positive(name, value);
                case "--pipeline" -> pipeline = positive(name, value);
                case "--threads" -> threads = positive(name, value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--region" -> region = value;
                case "--access-key" -> accessKey = value;
                case "--secret-key" -> secretKey = value;
                case "--signed-pool" -> pool = positive(name, value);
                case "--server-pid" -> serverPid = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (endpoint == null) {
            throw new IllegalArgumentException("--endpoint is required");
        }
        if (!"http".equals(endpoint.getScheme()) || endpoint.getPort() < 0) {
            throw new IllegalArgumentException("--endpoint must be http://HOST:PORT");
        }
        if (duration <= 0 || warmup < 0) {
            throw new IllegalArgumentException("--duration must be > 0 and --warmup >= 0");
        }
        threads = Math.min(threads, connections);
        return new BenchOptions(endpoint, label == null ? endpoint.toString() : label, stream, connections, pipeline,
                threads, seconds(warmup), seconds(duration), region, accessKey, secretKey, pool, create, serverPid);
    }

    private static int positive(String name, String value) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be >= 1");
        }
        return n;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }
}
