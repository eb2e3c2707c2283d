package io.strata.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports for servers the tests start. The OS may hand the same ephemeral port to two
 * consecutive probes (each probe closes its socket), so ports already given out in this JVM are
 * never given again: a broker's HTTP and Kafka ports once came out equal and the broker could not
 * start.
 */
public final class FreePorts {

    private static final Set<Integer> ISSUED = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = probe();
            if (ISSUED.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No fresh free port after 100 probes");
    }

    private static int probe() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
