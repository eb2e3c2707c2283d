package io.strata.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import io.strata.config.StrataConfig;
import io.strata.metadata.AuditRow;
import io.strata.metadata.AuditStore;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The {@link AuditLog} of a running broker: each event becomes an {@code audit_log} row, stamped
 * with the time it was recorded and with before/after serialised to JSON (snake_case fields) on the
 * caller's thread, then handed to an {@link AuditWriter} that writes asynchronously in batches.
 * Recording never blocks and never throws. Metrics: {@code strata.audit.written},
 * {@code strata.audit.dropped}, {@code strata.audit.backlog}.
 *
 * <p>Stops after the listeners (so no admin change goes unrecorded) and before the embedded PostgreSQL.
 * Thread-safe.
 */
// Started with the broker so the audit metrics exist (at zero) before the first admin change.
@Startup
@ApplicationScoped
public class PostgresAuditLog implements AuditLog {

    private static final Logger LOG = Logger.getLogger(PostgresAuditLog.class);

    private final AuditWriter writer;
    private final long shutdownTimeoutMs;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    @Inject
    public PostgresAuditLog(AuditStore store, StrataConfig config, MeterRegistry registry) {
        StrataConfig.Audit audit = config.audit();
        this.writer = new AuditWriter(store, audit.queueCapacity(), audit.batchSize(), audit.flushInterval().toMillis(),
                audit.retryBackoffMax().toMillis());
        this.shutdownTimeoutMs = audit.shutdownTimeout().toMillis();
        FunctionCounter.builder("strata.audit.written", writer, AuditWriter::written)
                .description("Audit log rows written to PostgreSQL").register(registry);
        FunctionCounter.builder("strata.audit.dropped", writer, AuditWriter::dropped)
                .description("Audit events lost: backlog full while PostgreSQL was unreachable, or rows it refused")
                .register(registry);
        Gauge.builder("strata.audit.backlog", writer, AuditWriter::backlog)
                .description("Audit events accepted but not yet written").register(registry);
    }

    @Override
    public void record(AuditEvent event) {
        try {
            writer.submit(row(event, Instant.now()));
        } catch (RuntimeException e) {
            LOG.warnf("Could not record audit event %s: %s", event, e.getMessage());
        }
    }

    AuditRow row(AuditEvent event, Instant at) {
        Caller caller = event.caller();
        return new AuditRow(at, caller.principal().toString(), caller.host(), event.action(), event.resource(),
                event.outcome().name(), toJson(event.before()), toJson(event.after()));
    }

    private String toJson(Object state) {
        if (state == null) {
            return null;
        }
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            // Keep the row: who did what matters more than a state that could not be rendered.
            try {
                return json.writeValueAsString(Map.of("unserialisable", String.valueOf(state)));
            } catch (JsonProcessingException impossible) {
                return null;
            }
        }
    }

    void onShutdown(@Observes @Priority(1000) ShutdownEvent event) {
        writer.close(shutdownTimeoutMs);
    }
}
