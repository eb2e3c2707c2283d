package io.strata.http;

import io.strata.config.TopicConfigs;
import io.strata.http.dto.ConfigSynonym;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The effective configs of a topic: every Kafka topic config {@link TopicConfigs} defines, with the
 * topic's override where it has one, else the default. The only place this package touches
 * {@code TopicConfigs}.
 */
final class TopicConfigCatalog {

    static final String DYNAMIC_TOPIC_CONFIG = "DYNAMIC_TOPIC_CONFIG";
    static final String DEFAULT_CONFIG = "DEFAULT_CONFIG";

    /** One effective config; {@code synonyms} lists the sources of its value, highest precedence first. */
    record Effective(String name, String value, boolean isDefault, boolean sensitive, String source,
            List<ConfigSynonym> synonyms) {}

    private TopicConfigCatalog() {}

    /** Sorted by name; overrides of names Strata does not know (should there be any) are listed too. */
    static List<Effective> effective(Map<String, String> overrides) {
        Map<String, Effective> byName = new TreeMap<>();
        for (TopicConfigs.Definition d : TopicConfigs.definitions()) {
            byName.put(d.name(), effective(d.name(), Optional.of(d), overrides.get(d.name())));
        }
        overrides.forEach((name, value) -> byName.computeIfAbsent(name, n -> effective(n, Optional.empty(), value)));
        return List.copyOf(byName.values());
    }

    /** Empty when Strata knows no such topic config and the topic does not override it. */
    static Optional<Effective> effective(Map<String, String> overrides, String name) {
        Optional<TopicConfigs.Definition> definition = TopicConfigs.definition(name);
        if (definition.isEmpty() && !overrides.containsKey(name)) {
            return Optional.empty();
        }
        return Optional.of(effective(name, definition, overrides.get(name)));
    }

    private static Effective effective(String name, Optional<TopicConfigs.Definition> definition, String override) {
        List<ConfigSynonym> synonyms = new ArrayList<>(2);
        if (override != null) {
            synonyms.add(new ConfigSynonym(name, override, DYNAMIC_TOPIC_CONFIG));
        }
        String defaultValue = definition.map(TopicConfigs.Definition::defaultValue).orElse(null);
        if (definition.isPresent()) {
            String brokerName = definition.get().brokerSynonym();
            synonyms.add(new ConfigSynonym(brokerName == null ? name : brokerName, defaultValue, DEFAULT_CONFIG));
        }
        boolean isDefault = override == null;
        boolean sensitive = definition.map(TopicConfigs.Definition::sensitive).orElse(false);
        return new Effective(name, isDefault ? defaultValue : override, isDefault, sensitive,
                isDefault ? DEFAULT_CONFIG : DYNAMIC_TOPIC_CONFIG, List.copyOf(synonyms));
    }
}
