package dev.eventbridge.bench.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.MinimumDataRateHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 with the core Handler API (no servlets): a non-blocking handler reads the body with
 * {@code Content.Source.asByteArrayAsync} and completes the response with {@code Response.write(last, ..., callback)}
 * from the commit callback. Default thread pool, acceptors and selectors.
 */
final class JettyCandidate implements Candidate {

    private Server server;

    @Override
    public String name() {
        return "jetty";
    }

    @Override
    public int start(GroupCommitLog log) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("jetty");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(Limits.IDLE_TIMEOUT_MS);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(Limits.MAX_CONNECTIONS, server));
        Handler publish = new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"POST".equals(request.getMethod()) || !Publish.PATH.equals(request.getHttpURI().getPath())) {
                    respond(response, 404, Publish.NOT_FOUND, callback);
                    return true;
                }
                Content.Source.asByteArrayAsync(request, Publish.MAX_BODY).whenComplete((body, readFailure) -> {
                    if (readFailure != null) {
                        Response.writeError(request, response, callback, 400);
                        return;
                    }
                    log.append(body.length).whenComplete((offset, failure) -> {
                        if (failure != null) {
                            Response.writeError(request, response, callback, 503);
                        } else {
                            respond(response, 201, Publish.created(offset), callback);
                        }
                    });
                });
                return true;
            }
        };
        server.setHandler(new MinimumDataRateHandler(publish, Limits.MIN_BODY_BYTES_PER_SECOND, 0));
        server.start();
        return connector.getLocalPort();
    }

    private static void respond(Response response, int status, byte[] body, Callback callback) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Publish.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public String limits() {
        return "ServerConnector.setIdleTimeout(30 s) (applies to every read, so a byte every 3 s resets it), NetworkConnectionLimit(1000), "
                + "MinimumDataRateHandler(1 KiB/s read); no header timeout";
    }

    @Override
    public void stop() throws Exception {
        server.stop();
    }
}
