package io.strata.kafka;

import io.strata.config.ConfigType;
import io.strata.config.TopicConfigs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A topic's configs as DescribeConfigs and CreateTopics report them: every known config, its
 * effective value, and whether that value is an override (DYNAMIC_TOPIC_CONFIG) or the default
 * (DEFAULT_CONFIG). The one place this package reads {@link TopicConfigs}' definitions. Stateless.
 */
final class TopicConfigView {

    /** {@code DescribeConfigsResponse.ConfigSource} ids. */
    static final byte SOURCE_DYNAMIC_TOPIC = 1;
    static final byte SOURCE_STATIC_BROKER = 4;
    static final byte SOURCE_DEFAULT = 5;

    /**
     * One config entry.
     *
     * @param defaultValue  the value without an override
     * @param brokerSynonym the broker config the default comes from in Kafka, or null
     * @param typeId        Kafka's DescribeConfigs config type id
     */
    record Entry(String name, String value, String defaultValue, boolean overridden, boolean sensitive, byte typeId,
            String documentation, String brokerSynonym, boolean list) {
        byte source() {
            return overridden ? SOURCE_DYNAMIC_TOPIC : SOURCE_DEFAULT;
        }
    }

    private TopicConfigView() {}

    /** Entries for {@code names} (all when null), in the definitions' order; unknown names are skipped. */
    static List<Entry> entries(Map<String, String> overrides, Collection<String> names) {
        List<Entry> out = new ArrayList<>();
        for (TopicConfigs.Definition d : TopicConfigs.definitions()) {
            if (names == null || names.contains(d.name())) {
                out.add(entry(d, overrides.get(d.name())));
            }
        }
        return out;
    }

    static Optional<Entry> entry(String name, Map<String, String> overrides) {
        return TopicConfigs.definition(name).map(d -> entry(d, overrides.get(name)));
    }

    private static Entry entry(TopicConfigs.Definition d, String override) {
        return new Entry(d.name(), override != null ? override : d.defaultValue(), d.defaultValue(), override != null,
                d.sensitive(), d.type().kafkaId(), d.documentation(), d.brokerSynonym(), d.type() == ConfigType.LIST);
    }

    static List<String> splitList(String value) {
        return value == null ? List.of() : TopicConfigs.splitList(value);
    }
}
