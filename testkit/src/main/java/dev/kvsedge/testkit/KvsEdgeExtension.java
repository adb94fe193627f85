package dev.kvsedge.testkit;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A JUnit Jupiter extension (JUnit 5.10 and later, JUnit 6) that runs a {@link KvsEdge} server for a test class or
 * for each test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();        // one server for the class
 *
 * @RegisterExtension
 * KvsEdgeExtension kvsEdge = new KvsEdgeExtension();               // a server per test (an instance field)
 *
 * @RegisterExtension
 * static KvsEdgeExtension kvsEdge = new KvsEdgeExtension().resetBeforeEachTest(); // one server, emptied before each test
 *
 * @ExtendWith(KvsEdgeExtension.class)                              // defaults; tests take a KvsEdge parameter
 * }</pre>
 *
 * Tests and lifecycle methods may declare a {@link KvsEdge} parameter. The server's options come from a
 * {@link KvsEdgeBuilder}: {@code new KvsEdgeExtension(KvsEdge.builder().syncTimeout(Duration.ofSeconds(5)))}.
 */
public final class KvsEdgeExtension
        implements
            BeforeAllCallback,
            AfterAllCallback,
            BeforeEachCallback,
            AfterEachCallback,
            ParameterResolver {
    private final KvsEdgeBuilder options;
    private final boolean resetBeforeEach;
    private KvsEdge running;
    /** The context that started {@link #running}: a nested class or a test must not stop its outer class's server. */
    private ExtensionContext owner;

    public KvsEdgeExtension() {
        this(KvsEdge.builder());
    }

    public KvsEdgeExtension(KvsEdgeBuilder options) {
        this(options, false);
    }

    private KvsEdgeExtension(KvsEdgeBuilder options, boolean resetBeforeEach) {
        this.options = options;
        this.resetBeforeEach = resetBeforeEach;
    }

    /** The same extension, emptying the class's server before each test ({@link KvsEdge#reset()}): isolated tests at the cost of a few milliseconds. */
    public KvsEdgeExtension resetBeforeEachTest() {
        return new KvsEdgeExtension(options, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!startFor(context) && resetBeforeEach) {
            running.reset();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stopFor(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopFor(context);
    }

    /** Starts a server unless one runs already; true if it started one. */
    private synchronized boolean startFor(ExtensionContext context) {
        if (running != null) {
            return false;
        }
        running = options.start();
        owner = context;
        return true;
    }

    private synchronized void stopFor(ExtensionContext context) {
        if (running != null && owner == context) {
            try {
                running.close();
            } finally {
                running = null;
                owner = null;
            }
        }
    }

    /** The running server: from before all tests of the class (static field) or before each test (instance field). */
    public synchronized KvsEdge kvsEdge() {
        if (running == null) {
            throw new IllegalStateException("kvs-edge testkit: no server runs now; the extension starts one before the"
                    + " tests of its class (static field) or before each test (instance field)");
        }
        return running;
    }

    /** The URL to give an AWS client as its endpoint override. */
    public URI endpoint() {
        return kvsEdge().endpoint();
    }

    public String region() {
        return kvsEdge().region();
    }

    public String accessKeyId() {
        return kvsEdge().accessKeyId();
    }

    public String secretAccessKey() {
        return kvsEdge().secretAccessKey();
    }

    /** See {@link KvsEdge#reset()}. */
    public void reset() {
        kvsEdge().reset();
    }

    /** See {@link KvsEdge#kinesisVideo()}. */
    public KinesisVideoClient kinesisVideo() {
        return kvsEdge().kinesisVideo();
    }

    /** See {@link KvsEdge#archivedMedia()}. */
    public KinesisVideoArchivedMediaClient archivedMedia() {
        return kvsEdge().archivedMedia();
    }

    /** See {@link KvsEdge#secretsManager()}. */
    public SecretsManagerClient secretsManager() {
        return kvsEdge().secretsManager();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KvsEdge.class || type == KvsEdgeExtension.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KvsEdge.class ? kvsEdge() : this;
    }
}
