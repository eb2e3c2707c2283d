package io.strata.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.TextNode;
import io.strata.broker.OutgoingRecord;
import io.strata.broker.ProducedRecord;
import io.strata.common.StrataException;
import io.strata.http.dto.ConsumedRecord;
import io.strata.http.dto.DeliveryReport;
import io.strata.http.dto.EncodedData;
import io.strata.http.dto.ProduceRecord;
import io.strata.http.dto.RecordData;
import io.strata.http.dto.RecordHeader;
import io.strata.http.dto.SizeData;
import io.strata.log.DecodedRecord;
import io.strata.log.Header;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Converts between the JSON record shapes of the API and the broker's records: key and value
 * {@code {type, data}} to bytes and back, base64 headers, timestamps. Records carry no type on disk,
 * so reading presents bytes as the caller asks ({@link Format}), falling back to BINARY for bytes
 * that are not valid in the requested form.
 */
final class RecordCodec {

    /** The wire types of a produced key or value. */
    enum DataType {
        BINARY,
        JSON,
        STRING
    }

    /** How the read endpoint presents keys and values ({@code ?format=}). */
    enum Format {
        BINARY,
        STRING,
        JSON;

        static Format parse(String value) {
            if (value == null || value.isEmpty()) {
                return BINARY;
            }
            try {
                return valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ApiErrors.badRequestException("format must be binary, string or json: " + value);
            }
        }
    }

    /** A validated record ready to produce, with what its delivery report says of key and value. */
    record Prepared(OutgoingRecord record, SizeData key, SizeData value) {}

    private final ObjectMapper mapper;
    private final ObjectReader strictTreeReader;

    RecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
        this.strictTreeReader = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Validates a record: 400/40002 for a bad type, base64, header or timestamp. */
    Prepared prepare(ProduceRecord r) {
        if (r == null) {
            throw ApiErrors.badRequestException("A record must be a JSON object");
        }
        byte[] key = bytes("key", r.key());
        byte[] value = bytes("value", r.value());
        List<Header> headers = new ArrayList<>(r.headers() == null ? 0 : r.headers().size());
        if (r.headers() != null) {
            for (RecordHeader h : r.headers()) {
                if (h == null || h.name() == null) {
                    throw ApiErrors.badRequestException("Every header needs a name");
                }
                headers.add(new Header(h.name(), h.value() == null ? null : base64("headers." + h.name(), h.value())));
            }
        }
        OptionalInt partition = r.partitionId() == null ? OptionalInt.empty() : OptionalInt.of(r.partitionId());
        OutgoingRecord record = new OutgoingRecord(partition, key, value, headers, timestamp(r.timestamp()));
        return new Prepared(record, size(r.key(), key), size(r.value(), value));
    }

    DeliveryReport report(String clusterId, Prepared prepared, ProducedRecord produced) {
        return new DeliveryReport(200, clusterId, produced.topic(), produced.partition(), produced.offset(),
                Instant.ofEpochMilli(produced.timestampMs()).toString(), prepared.key(), prepared.value());
    }

    ConsumedRecord consumed(int partition, DecodedRecord r, Format format) {
        List<RecordHeader> headers = new ArrayList<>(r.headers().size());
        for (Header h : r.headers()) {
            headers.add(new RecordHeader(h.key(), h.value() == null ? null : Base64.getEncoder().encodeToString(h.value())));
        }
        return new ConsumedRecord(partition, r.offset(), Instant.ofEpochMilli(r.timestampMs()).toString(),
                encode(r.key(), format), encode(r.value(), format), headers);
    }

    private EncodedData encode(byte[] bytes, Format format) {
        if (bytes == null) {
            return null;
        }
        if (format == Format.STRING) {
            try {
                CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
                return new EncodedData(DataType.STRING.name(), TextNode.valueOf(text.toString()));
            } catch (CharacterCodingException e) {
                // not UTF-8 text: BINARY below
            }
        } else if (format == Format.JSON && bytes.length > 0) {
            try {
                JsonNode tree = strictTreeReader.readTree(bytes);
                if (tree != null && !tree.isMissingNode()) {
                    return new EncodedData(DataType.JSON.name(), tree);
                }
            } catch (IOException e) {
                // not JSON: BINARY below
            }
        }
        return new EncodedData(DataType.BINARY.name(), TextNode.valueOf(Base64.getEncoder().encodeToString(bytes)));
    }

    private byte[] bytes(String field, RecordData data) {
        if (data == null) {
            return null;
        }
        DataType type = type(field, data.type());
        JsonNode node = data.data();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        switch (type) {
            case BINARY -> {
                if (!node.isTextual()) {
                    throw ApiErrors.badRequestException(field + ".data must be a base64 string for type BINARY");
                }
                return base64(field, node.textValue());
            }
            case STRING -> {
                if (!node.isTextual()) {
                    throw ApiErrors.badRequestException(field + ".data must be a string for type STRING");
                }
                return node.textValue().getBytes(StandardCharsets.UTF_8);
            }
            default -> {
                try {
                    return mapper.writeValueAsBytes(node);
                } catch (JsonProcessingException e) {
                    throw ApiErrors.badRequestException(field + ".data cannot be serialized as JSON");
                }
            }
        }
    }

    private static DataType type(String field, String type) {
        if (type == null) {
            return DataType.JSON;
        }
        try {
            return DataType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequestException(field + ".type must be BINARY, JSON or STRING: " + type);
        }
    }

    private static SizeData size(RecordData data, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        return new SizeData(type("", data.type()).name(), bytes.length);
    }

    private static byte[] base64(String field, String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequestException(field + " is not valid base64: " + e.getMessage());
        }
    }

    /** An ISO-8601 instant (or date-time with offset), or epoch milliseconds as a number or digits. */
    static OptionalLong timestamp(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return OptionalLong.empty();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return nonNegative(node.longValue(), node.toString());
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
                try {
                    return nonNegative(Long.parseLong(text), text);
                } catch (NumberFormatException e) {
                    throw invalidTimestamp(text);
                }
            }
            try {
                return nonNegative(Instant.parse(text).toEpochMilli(), text);
            } catch (DateTimeParseException | ArithmeticException e) {
                try {
                    return nonNegative(OffsetDateTime.parse(text).toInstant().toEpochMilli(), text);
                } catch (DateTimeParseException | ArithmeticException e2) {
                    throw invalidTimestamp(text);
                }
            }
        }
        throw invalidTimestamp(node.toString());
    }

    private static OptionalLong nonNegative(long millis, String text) {
        if (millis < 0) {
            throw invalidTimestamp(text);
        }
        return OptionalLong.of(millis);
    }

    private static StrataException invalidTimestamp(String text) {
        return ApiErrors.badRequestException(
                "timestamp must be an ISO-8601 instant or epoch milliseconds (>= 0): " + text);
    }
}
