package dev.dovs.engine.odl.fake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;

import java.util.function.Consumer;

/**
 * A TCP port that accepts and records connections (OVSDB 6640, OpenFlow 6653) so tests can check that OVS
 * nodes were pointed at ODL. It speaks neither protocol: incoming bytes are discarded.
 */
final class PeerListener {

    private PeerListener() {
    }

    static Future<NetServer> start(Vertx vertx, String host, int port, String kind, Consumer<FakeOdl.Peer> sink) {
        NetServer server = vertx.createNetServer();
        server.connectHandler(socket -> {
            sink.accept(new FakeOdl.Peer(kind, socket.remoteAddress().host(), socket.remoteAddress().port()));
            socket.handler(buf -> { });
        });
        return server.listen(port, host);
    }
}
