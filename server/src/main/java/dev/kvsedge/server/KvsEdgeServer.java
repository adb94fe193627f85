package dev.kvsedge.server;

import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.auth.Principal;
import dev.kvsedge.server.auth.SigV4Verifier;
import dev.kvsedge.server.auth.StaticCredentials;
import dev.kvsedge.server.http.ApiDispatcher;
import dev.kvsedge.server.http.HttpTransport;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcStreamStore;
import dev.kvsedge.server.streams.StreamOperations;
import dev.kvsedge.server.streams.StreamService;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A running kvs-edge server: storage, services and the HTTP endpoint, started together and closed together. */
public final class KvsEdgeServer implements AutoCloseable {
    /** The well-known pair a loopback server accepts when no credentials are configured. */
    public static final String TEST_ACCESS_KEY_ID = "test";
    public static final String TEST_SECRET_ACCESS_KEY = "test";

    private final Database database;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final HttpServer http;
    private final String url;
    private final boolean testCredentials;

    private KvsEdgeServer(Database database, Vertx vertx, ExecutorService workers, HttpServer http, String url,
            boolean testCredentials) {
        this.database = database;
        this.vertx = vertx;
        this.workers = workers;
        this.http = http;
        this.url = url;
        this.testCredentials = testCredentials;
    }

    public static KvsEdgeServer start(ServerConfig config, Clock clock) throws Exception {
        List<Credential> admins = adminCredentials(config);
        Database database = Database.open(config.jdbcUrl());
        Vertx vertx = null;
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try {
            vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
                    new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
            // The public URL is only known once the port is bound, so handlers read it through a holder.
            String[] publicUrl = {config.publicUrl()};
            Operations operations = new Operations();
            StreamService streams = new StreamService(new JdbcStreamStore(database), clock, Versions::next);
            StreamOperations.register(operations, streams, () -> publicUrl[0]);
            ApiDispatcher dispatcher = new ApiDispatcher(new SigV4Verifier(new StaticCredentials(admins), clock),
                    ServiceModel.load("kinesisvideo"), operations.build());
            HttpServer http = new HttpTransport(vertx, dispatcher::handle, workers, config.maxBodyBytes())
                    .listen(config.host(), config.port());
            String url = "http://" + hostForUrl(config.host()) + ":" + http.actualPort();
            if (publicUrl[0] == null) {
                publicUrl[0] = url;
            }
            return new KvsEdgeServer(database, vertx, workers, http, url, admins.getFirst().accessKeyId().equals(TEST_ACCESS_KEY_ID)
                    && config.adminCredentials().isEmpty());
        } catch (Exception | Error e) {
            if (vertx != null) {
                vertx.close();
            }
            workers.shutdownNow();
            database.close();
            throw e;
        }
    }

    private static List<Credential> adminCredentials(ServerConfig config) throws UnknownHostException {
        if (!config.adminCredentials().isEmpty()) {
            return config.adminCredentials();
        }
        if (!InetAddress.getByName(config.host()).isLoopbackAddress()) {
            throw new IllegalStateException("Refusing to listen on " + config.host() + " without credentials: configure"
                    + " --credentials FILE or KVS_EDGE_ACCESS_KEY_ID and KVS_EDGE_SECRET_ACCESS_KEY, or listen on a loopback address.");
        }
        return List.of(new Credential(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, new Principal(config.accountId(), null)));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    public String url() {
        return url;
    }

    public int port() {
        return http.actualPort();
    }

    /** True when the server accepts test/test because no credentials were configured. */
    public boolean acceptsTestCredentials() {
        return testCredentials;
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway: the remaining resources must still be released.
        }
        vertx.close();
        workers.shutdown();
        database.close();
    }
}
