package dev.kvsedge.server.blob;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;
import org.jclouds.blobstore.util.ForwardingBlobStore;

/**
 * S3Proxy, a real S3 server in this JVM: Jetty in front of an in-memory jclouds blob store, checking SigV4
 * signatures as S3 does (what S3Mock would not), on a free port of 127.0.0.1. Starts in about a second. A test can
 * hold its DeleteObject calls ({@link #holdDeletes()}), as a slow or unreachable S3 would.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDBLOBSTORETEST";
    public static final String SECRET_KEY = "blobStoreTestSecret/K7MDENG+bPxRfiCYEXAMPLE";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private volatile CountDownLatch deletes = new CountDownLatch(0);
    private final AtomicInteger deletesHeld = new AtomicInteger();

    public S3ProxyServer(String... buckets) throws Exception {
        // By its API metadata, not its name: a lookup by name loads every provider S3Proxy lists, and the
        // Azure and AWS SDK ones are left out of the test class path.
        context = ContextBuilder.newBuilder(new TransientApiMetadata()).credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class);
        for (String bucket : buckets) {
            context.getBlobStore().createContainerInLocation(null, bucket);
        }
        BlobStore gated = new ForwardingBlobStore(context.getBlobStore()) {
            @Override
            public void removeBlob(String container, String name) {
                awaitDeletes();
                super.removeBlob(container, name);
            }
        };
        proxy = S3Proxy.builder().blobStore(gated).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(10);
        }
    }

    /** DeleteObject calls wait from now until {@link #releaseDeletes()}. */
    public void holdDeletes() {
        deletes = new CountDownLatch(1);
    }

    public void releaseDeletes() {
        deletes.countDown();
    }

    /** How many DeleteObject calls are waiting now. */
    public int deletesHeld() {
        return deletesHeld.get();
    }

    private void awaitDeletes() {
        deletesHeld.incrementAndGet();
        try {
            deletes.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deletesHeld.decrementAndGet();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        } finally {
            context.close();
        }
    }
}
