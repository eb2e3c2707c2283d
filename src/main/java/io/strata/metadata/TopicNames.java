package io.strata.metadata;

import io.strata.common.ErrorKind;
import io.strata.common.StrataException;
import java.util.regex.Pattern;

/** Kafka's topic name rules, so every name Strata accepts is one Kafka accepts too. */
public final class TopicNames {

    public static final int MAX_LENGTH = 249;
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");

    private TopicNames() {}

    public static void validate(String name) {
        if (name == null || name.isEmpty()) {
            throw invalid("Topic name is empty");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid("Topic name cannot be \".\" or \"..\"");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid("Topic name is longer than " + MAX_LENGTH + " characters");
        }
        if (!LEGAL.matcher(name).matches()) {
            throw invalid("Topic name \"" + name
                    + "\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
        }
    }

    private static StrataException invalid(String message) {
        return new StrataException(ErrorKind.INVALID_TOPIC_EXCEPTION, message);
    }
}
