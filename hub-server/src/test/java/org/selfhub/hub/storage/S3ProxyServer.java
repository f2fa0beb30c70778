package org.selfhub.hub.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server for tests: S3Proxy in this JVM on a free local port, storing into a temporary
 * directory (jclouds {@code filesystem-nio2}) that {@link #close()} deletes. It checks AWS v2 and v4
 * signatures, so wrong credentials fail as they would against S3 or MinIO. No Docker needed.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *     s3.endpoint();   // http://127.0.0.1:<port>
 *     s3.hubStorageProperties("models");   // hub.storage.* for a Spring test
 * }
 * }</pre>
 *
 * See build-notes.md §Q3 for why the provider is {@code filesystem-nio2} and why s3proxy's Jetty
 * dependencies are excluded in the pom.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "access";
    public static final String SECRET_KEY = "secret12345";
    public static final String REGION = "us-east-1";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Path directory;
    private final String endpoint;

    private S3ProxyServer(S3Proxy proxy, BlobStoreContext context, Path directory, String endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.directory = directory;
        this.endpoint = endpoint;
    }

    /** Starts a server with an empty store; the caller closes it. */
    public static S3ProxyServer start() {
        Path directory = null;
        BlobStoreContext context = null;
        try {
            directory = TestDirectories.create("s3proxy-");
            Properties properties = new Properties();
            properties.setProperty("jclouds.filesystem.basedir", directory.toString());
            // The nio2 providers insist on these even though S3Proxy does the authentication.
            properties.setProperty("jclouds.identity", ACCESS_KEY);
            properties.setProperty("jclouds.credential", SECRET_KEY);
            context = ContextBuilder.newBuilder("filesystem-nio2")
                    .overrides(properties)
                    .build(BlobStoreContext.class);
            String endpoint = "http://127.0.0.1:" + freePort();
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(context.getBlobStore())
                    .endpoint(URI.create(endpoint))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            return new S3ProxyServer(proxy, context, directory, endpoint);
        } catch (Exception e) {
            if (context != null) {
                context.close();
            }
            TestDirectories.deleteRecursively(directory);
            throw new IllegalStateException("S3Proxy did not start: " + e, e);
        }
    }

    /** The endpoint URL, {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /**
     * The {@code hub.storage.*} properties that point the hub at this server, for
     * {@code @DynamicPropertySource} or {@code ApplicationContextRunner.withPropertyValues}. The
     * bucket is created at startup.
     */
    public Map<String, String> hubStorageProperties(String bucket) {
        return Map.of(
                "hub.storage.type", "s3",
                "hub.storage.s3.endpoint", endpoint,
                "hub.storage.s3.bucket", bucket,
                "hub.storage.s3.access-key", ACCESS_KEY,
                "hub.storage.s3.secret-key", SECRET_KEY,
                "hub.storage.s3.region", REGION);
    }

    /** Stops the server and deletes everything it stored. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop: " + e, e);
        } finally {
            context.close();
            TestDirectories.deleteRecursively(directory);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
