package io.strata.kafka;

import io.strata.broker.BrokerServer;
import io.strata.config.StrataConfig;
import io.strata.metadata.BrokerInfo;
import io.strata.metadata.MetadataImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What clients are told about the cluster's Kafka endpoints: this broker at its advertised host and
 * actually bound port (the configured port may be 0), other brokers as registered.
 *
 * <p>Thread-safe: the bound port is published once, volatile.
 */
@ApplicationScoped
public class KafkaListener {

    private final StrataConfig config;
    private final BrokerServer broker;
    private volatile int boundPort = -1;

    @Inject
    public KafkaListener(StrataConfig config, BrokerServer broker) {
        this.config = config;
        this.broker = broker;
    }

    void bound(int port) {
        boundPort = port;
    }

    /** The port the Kafka listener is bound to, or -1 before it is. */
    public int boundPort() {
        return boundPort;
    }

    public int nodeId() {
        return config.nodeId();
    }

    public String clusterId() {
        return broker.clusterId();
    }

    /** The controller, or this broker while none is elected: clients need some node to send admin requests to. */
    public int controllerId(MetadataImage image) {
        return image.controllerId() >= 0 ? image.controllerId() : config.nodeId();
    }

    /** Brokers to advertise: the live ones (plus fenced ones when asked), always including this broker. */
    public List<BrokerInfo> brokers(MetadataImage image, boolean includeDead) {
        List<BrokerInfo> out = new ArrayList<>();
        boolean self = false;
        for (BrokerInfo b : image.brokers().values()) {
            if (b.nodeId() == config.nodeId()) {
                out.add(self(b.rack()));
                self = true;
            } else if (b.alive() || includeDead) {
                out.add(b);
            }
        }
        if (!self) {
            out.add(self(config.rack()));
        }
        return out;
    }

    private BrokerInfo self(Optional<String> rack) {
        int port = boundPort >= 0 ? boundPort : config.kafka().port();
        return new BrokerInfo(config.nodeId(), rack, config.kafka().advertisedHost(), port, -1, true);
    }
}
