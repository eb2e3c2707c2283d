package io.strata.config;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicConfigsTest {

    @Test
    void shouldListKafkaDefaultsWhenDescribingDefinitions() {
        Map<String, String> defaults = TopicConfigs.defaults();
        assertEquals("delete", defaults.get("cleanup.policy"));
        assertEquals("1073741824", defaults.get("segment.bytes"));
        assertEquals("604800000", defaults.get("segment.ms"));
        assertEquals("604800000", defaults.get("retention.ms"));
        assertEquals("-1", defaults.get("retention.bytes"));
        assertEquals("4096", defaults.get("index.interval.bytes"));
        assertEquals("10485760", defaults.get("segment.index.bytes"));
        assertEquals("1048588", defaults.get("max.message.bytes"));
        assertEquals("9223372036854775807", defaults.get("flush.messages"));
        assertEquals("9223372036854775807", defaults.get("flush.ms"));
        assertEquals("1", defaults.get("min.insync.replicas"));
        assertEquals("false", defaults.get("unclean.leader.election.enable"));
        assertEquals("CreateTime", defaults.get("message.timestamp.type"));
        assertEquals("producer", defaults.get("compression.type"));
        assertEquals("0.5", defaults.get("min.cleanable.dirty.ratio"));
        assertEquals("0", defaults.get("min.compaction.lag.ms"));
        assertEquals("9223372036854775807", defaults.get("max.compaction.lag.ms"));
        assertEquals("86400000", defaults.get("delete.retention.ms"));
        assertEquals("60000", defaults.get("file.delete.delay.ms"));
        assertEquals("9223372036854775807", defaults.get("message.timestamp.before.max.ms"));
        assertEquals("3600000", defaults.get("message.timestamp.after.max.ms"));
        assertEquals("false", defaults.get("preallocate"));

        List<TopicConfigs.Definition> definitions = TopicConfigs.definitions();
        List<String> names = definitions.stream().map(TopicConfigs.Definition::name).toList();
        assertEquals(names.stream().sorted().toList(), names, "definitions are listed by name");
        assertTrue(definitions.stream().noneMatch(TopicConfigs.Definition::sensitive));
        assertTrue(definitions.stream().allMatch(d -> !d.documentation().isBlank()));
        TopicConfigs.Definition segmentBytes = TopicConfigs.definition("segment.bytes").orElseThrow();
        assertEquals(ConfigType.INT, segmentBytes.type());
        assertEquals("log.segment.bytes", segmentBytes.brokerSynonym());
        assertEquals(ConfigType.LIST, TopicConfigs.definition("cleanup.policy").orElseThrow().type());
        assertTrue(TopicConfigs.definition("no.such.config").isEmpty());
        definitions.forEach(d -> assertDoesNotThrow(() -> d.validate(d.defaultValue()), d.name()));
    }

    @Test
    void shouldAcceptValidOverridesWhenValidating() {
        assertDoesNotThrow(() -> TopicConfigs.validate(Map.of(
                "cleanup.policy", " compact , delete ",
                "segment.bytes", "14",
                "retention.ms", "-1",
                "retention.bytes", "1000000",
                "message.timestamp.type", "LogAppendTime",
                "compression.type", "zstd",
                "min.cleanable.dirty.ratio", "0.1",
                "unclean.leader.election.enable", "TRUE",
                "leader.replication.throttled.replicas", "0:1, 1:2",
                "flush.messages", "1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "segment.bytes|13|at least 14",
            "segment.bytes|abc|integer",
            "segment.bytes|2147483648|integer",
            "retention.ms|-2|at least -1",
            "cleanup.policy|remove|is not one of",
            "cleanup.policy|,|at least one",
            "message.timestamp.type|createtime|one of",
            "compression.type|brotli|one of",
            "min.cleanable.dirty.ratio|1.5|at most 1.0",
            "min.insync.replicas|0|at least 1",
            "unclean.leader.election.enable|yes|true or false",
            "flush.messages|0|at least 1",
            "leader.replication.throttled.replicas|broker1|format"})
    void shouldRejectNamingKeyAndReasonWhenValueIsBad(String key, String value, String reason) {
        StrataException e = assertThrows(StrataException.class, () -> TopicConfigs.validate(Map.of(key, value)));
        assertEquals(ErrorKind.INVALID_CONFIG, e.kind());
        assertTrue(e.getMessage().contains(key), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void shouldRejectWhenKeyIsUnknownOrValueMissing() {
        StrataException unknown = assertThrows(StrataException.class, () -> TopicConfigs.validate(Map.of("segment.size", "1")));
        assertEquals(ErrorKind.INVALID_CONFIG, unknown.kind());
        assertTrue(unknown.getMessage().contains("segment.size"));
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("retention.ms", null);
        assertEquals(ErrorKind.INVALID_CONFIG, assertThrows(StrataException.class, () -> TopicConfigs.validate(nullValue)).kind());
    }

    @Test
    void shouldRejectWhenMinCompactionLagExceedsMax() {
        StrataException e = assertThrows(StrataException.class, () -> TopicConfigs.validate(
                Map.of("min.compaction.lag.ms", "100", "max.compaction.lag.ms", "50")));
        assertTrue(e.getMessage().contains("min.compaction.lag.ms"));
        assertFalse(e.getMessage().isBlank());
    }
}
