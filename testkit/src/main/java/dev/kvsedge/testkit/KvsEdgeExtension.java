package dev.kvsedge.testkit;

import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs a kvs-edge server in the test's JVM, one per test class, on a free loopback port with a
 * fresh SQLite data dir that is deleted afterwards. Point an AWS client at {@link #endpoint()} with
 * {@link #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY} and any region.
 *
 * <pre>{@code
 * @RegisterExtension
 * static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();
 *
 * @Test
 * void createsAStream() {
 *     KinesisVideoClient kvs = KinesisVideoClient.builder().endpointOverride(kvsEdge.endpoint())
 *             .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
 *                     AwsBasicCredentials.create(KvsEdgeExtension.ACCESS_KEY_ID, KvsEdgeExtension.SECRET_ACCESS_KEY)))
 *             .build();
 *     ...
 * }
 * }</pre>
 *
 * Or {@code @ExtendWith(KvsEdgeExtension.class)} and take a {@code KvsEdgeExtension} parameter.
 */
public final class KvsEdgeExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    public static final String ACCESS_KEY_ID = KvsEdgeServer.TEST_ACCESS_KEY_ID;
    public static final String SECRET_ACCESS_KEY = KvsEdgeServer.TEST_SECRET_ACCESS_KEY;

    private final Clock clock;
    private KvsEdgeServer server;
    private Path dataDir;

    public KvsEdgeExtension() {
        this(Clock.systemUTC());
    }

    /** A server whose domain time (stream creation times, edge sync deadlines) follows {@code clock}. */
    public KvsEdgeExtension(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("kvs-edge-test");
        server = KvsEdgeServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir), clock, Clock.systemUTC());
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(KvsEdgeExtension::delete);
        }
    }

    /** The URL to give an AWS client as its endpoint override. */
    public URI endpoint() {
        if (server == null) {
            throw new IllegalStateException("the kvs-edge server runs from beforeAll to afterAll of the test class");
        }
        return URI.create(server.url());
    }

    /** Applies edge sync deadlines that have passed on the extension's clock now, instead of within the next second. */
    public int sweepEdgeDeadlines() {
        return server.sweepEdgeDeadlines();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KvsEdgeExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return this;
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
