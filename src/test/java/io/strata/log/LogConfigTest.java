package io.strata.log;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogConfigTest {

    @Test
    void shouldUseKafkaDefaultsWhenThereAreNoOverrides() {
        LogConfig c = LogConfig.DEFAULT;
        assertEquals(Set.of(CleanupPolicy.DELETE), c.cleanupPolicy());
        assertEquals(1_073_741_824, c.segmentBytes());
        assertEquals(604_800_000L, c.retentionMs());
        assertEquals(-1L, c.retentionBytes());
        assertEquals(1_048_588, c.maxMessageBytes());
        assertEquals(Long.MAX_VALUE, c.flushMessages());
        assertEquals(MessageTimestampType.CREATE_TIME, c.messageTimestampType());
        assertEquals(3_600_000L, c.messageTimestampAfterMaxMs());
        assertTrue(c.overrides().isEmpty());
        assertTrue(c.delete());
        assertFalse(c.compact());
    }

    @Test
    void shouldApplyOverridesAndKeepThemWhenBuilt() {
        LogConfig c = LogConfig.fromOverrides(Map.of("cleanup.policy", "compact,delete", "segment.bytes", " 4096 ",
                "message.timestamp.type", "LogAppendTime", "min.insync.replicas", "2"));
        assertTrue(c.compact() && c.delete());
        assertEquals(4096, c.segmentBytes());
        assertEquals(2, c.minInsyncReplicas());
        assertEquals(MessageTimestampType.LOG_APPEND_TIME, c.messageTimestampType());
        assertEquals("4096", c.overrides().get("segment.bytes"));
        assertEquals(c, LogConfig.fromOverrides(Map.of("cleanup.policy", "compact,delete", "segment.bytes", "4096",
                "message.timestamp.type", "LogAppendTime", "min.insync.replicas", "2")), "equal configs compare equal");
        assertEquals(100L, c.with("retention.ms", "100").retentionMs());
    }

    @Test
    void shouldRejectInvalidOverridesWhenBuilding() {
        StrataException e = assertThrows(StrataException.class, () -> LogConfig.fromOverrides(Map.of("segment.bytes", "-5")));
        assertEquals(ErrorKind.INVALID_CONFIG, e.kind());
    }
}
